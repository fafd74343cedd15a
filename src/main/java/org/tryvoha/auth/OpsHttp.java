package org.tryvoha.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.http.Http;

/**
 * The HTTP side of operator requests: the bearer key, authentication on a worker thread, and the
 * notes the audit recorder reads back from the routing context ({@link #PRINCIPAL}, {@link #ACTION},
 * {@link #TARGET}, {@link #DETAIL}, {@link #AUDITED}).
 */
public final class OpsHttp {
    public static final String PRINCIPAL = "tryvoha.principal";
    public static final String ACTION = "tryvoha.audit.action";
    public static final String TARGET = "tryvoha.audit.target";
    public static final String DETAIL = "tryvoha.audit.detail";
    /** Set when the alert gate wrote this request's audit entry itself, so the recorder writes none. */
    public static final String AUDITED = "tryvoha.audit.done";

    private OpsHttp() {}

    /** Blocking work on behalf of the authenticated caller. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Principal p) throws Exception;
    }

    /**
     * Names the action for the audit log, authenticates the bearer key and runs {@code work} off the
     * event loop; answers {@code status} with its result, or the problem it throws (401 for a missing,
     * unknown or revoked key).
     */
    public static <T> void run(
            Vertx vertx, RoutingContext ctx, Operators ops, String action, String target, int status, Work<T> work) {
        ctx.put(ACTION, action);
        if (target != null) ctx.put(TARGET, target);
        String secret = bearer(ctx);
        vertx.executeBlocking(() -> work.run(authenticate(ctx, ops, secret)), false)
                .onSuccess(r -> Http.json(ctx, status, r))
                .onFailure(ctx::fail);
    }

    /**
     * The caller holding {@code secret}, noted in {@code ctx}; 401 otherwise, 429 (or 503) with
     * Retry-After when too many wrong keys came for the operator id or from the client's address (or
     * too many wait for the slow hash). Blocking.
     */
    public static Principal authenticate(RoutingContext ctx, Operators ops, String secret) {
        HttpServerRequest req = ctx.request();
        String address = ops.clientAddress(
                req.remoteAddress() == null ? null : req.remoteAddress().hostAddress(),
                req.getHeader("X-Forwarded-For"));
        Optional<Principal> found;
        try {
            found = ops.authenticate(secret, address);
        } catch (KeyChecks.Refused r) {
            // the request waits for this worker, so nothing else writes its response now
            ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
            throw r.problem();
        }
        Principal p = found.orElseThrow(() ->
                new ProblemException(ErrorCode.UNAUTHORIZED, "the operator key is not valid or has been revoked"));
        ctx.put(PRINCIPAL, p);
        return p;
    }

    /** The key from {@code Authorization: Bearer <key>}; 401 when missing or malformed. */
    public static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.isBlank())
            throw new ProblemException(
                    ErrorCode.UNAUTHORIZED, "send the operator key as 'Authorization: Bearer <key>'");
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7))
            throw new ProblemException(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <key>'");
        return h.substring(7).strip();
    }

    /** Notes that the alert gate audited this request (on the request's event loop). */
    public static void audited(RoutingContext ctx) {
        ctx.put(AUDITED, Boolean.TRUE);
    }

    /** Adds to the audit entry's detail. */
    public static void note(RoutingContext ctx, Map<String, Object> detail) {
        ctx.put(DETAIL, detail);
    }
}
