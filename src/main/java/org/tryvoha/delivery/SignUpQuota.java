package org.tryvoha.delivery;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.security.RateLimiter;

/**
 * Sign-ups per client address (Web Push subscriptions, app device registrations): each costs a
 * request to its push service for every alert, so an address gets a budget a minute and then a 429
 * with {@code Retry-After}.
 */
public final class SignUpQuota {
    private final String what;
    private final int perMinute;
    private final RateLimiter limiter; // null: no limit
    private final boolean trustForwardedFor;

    /**
     * @param what what is counted, for the message ("push subscriptions")
     * @param perMinute the budget a minute; 0: no limit
     * @param trustForwardedFor count by the X-Forwarded-For client (behind a proxy you run)
     */
    public SignUpQuota(String what, int perMinute, boolean trustForwardedFor) {
        this.what = what;
        this.perMinute = perMinute;
        this.limiter = perMinute == 0 ? null : new RateLimiter(perMinute / 60.0, perMinute, 100_000, System::nanoTime);
        this.trustForwardedFor = trustForwardedFor;
    }

    /** Whether this request may go on; when not, the request has already failed with a 429. */
    public boolean admit(RoutingContext ctx) {
        String address = address(ctx);
        long wait = limiter == null ? 0 : limiter.acquire(address);
        if (wait <= 0) return true;
        ctx.response().putHeader("Retry-After", Long.toString(wait));
        ctx.fail(new ProblemException(
                ErrorCode.TOO_MANY_REQUESTS,
                "too many " + what + " from " + address + "; at most " + perMinute + " a minute; retry after " + wait
                        + " s"));
        return false;
    }

    private String address(RoutingContext ctx) {
        if (trustForwardedFor) {
            String f = ctx.request().getHeader("X-Forwarded-For");
            if (f != null && !f.isBlank()) return f.split(",")[0].strip();
        }
        SocketAddress a = ctx.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }
}
