package org.tryvoha.delivery.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tryvoha.delivery.Requests;
import org.tryvoha.delivery.SignUpQuota;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * {@code /api/v1/devices}: a mobile app registers its push token with its zones ({@code POST}), or
 * removes it ({@code DELETE}). No key is needed, as for Web Push: knowing a token is what allows
 * removing it; registrations are limited per client address ({@code mobile-register-per-minute}).
 */
final class MobileRoutes {
    private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-]{20,4096}");
    private static final Pattern APNS_TOKEN = Pattern.compile("[0-9a-fA-F]{64,200}");

    private final Vertx vertx;
    private final MobilePush push;
    private final ZoneTree tree;
    private final SignUpQuota quota;

    private MobileRoutes(Vertx vertx, MobilePush push, ZoneTree tree, boolean trustForwardedFor) {
        this.vertx = vertx;
        this.push = push;
        this.tree = tree;
        this.quota = new SignUpQuota("device registrations", push.settings().registerPerMinute(), trustForwardedFor);
    }

    static void mount(Router r, Vertx vertx, MobilePush push, ZoneTree tree, BodyHandler body, boolean forwarded) {
        MobileRoutes m = new MobileRoutes(vertx, push, tree, forwarded);
        r.route(HttpMethod.POST, "/api/v1/devices").handler(body).handler(m::register);
        r.route(HttpMethod.DELETE, "/api/v1/devices").handler(body).handler(m::unregister);
        r.get("/api/v1/devices/status").handler(ctx -> Http.json(ctx, 200, push.status()));
    }

    private void register(RoutingContext ctx) {
        if (!quota.admit(ctx)) return;
        Device d;
        try {
            d = parse(Requests.body(ctx));
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        vertx.executeBlocking(() -> push.register(d), false)
                .onSuccess(ok -> {
                    if (!ok) {
                        ctx.fail(new ProblemException(
                                ErrorCode.UNAVAILABLE,
                                "the server holds its maximum of "
                                        + push.settings().maxDevices() + " devices; try again later"));
                        return;
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("platform", d.platform());
                    out.put("token", d.token());
                    out.put("zones", d.zones());
                    out.put("drills", d.drills());
                    out.put("topics", topics(d));
                    Http.json(ctx, 201, out);
                })
                .onFailure(ctx::fail);
    }

    /** The FCM topics an app using topics subscribes to: each zone's and its parents', and {@code drills} when asked for. */
    private List<String> topics(Device d) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : d.zones())
            tree.get(id).ifPresent(z -> {
                for (Zone c : tree.chain(z)) out.add(FcmSender.topic(c.id()));
            });
        if (d.drills()) out.add(FcmSender.DRILLS_TOPIC);
        return List.copyOf(out);
    }

    private void unregister(RoutingContext ctx) {
        JsonNode b;
        try {
            b = Requests.body(ctx);
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        String platform = b.path("platform").asText(""), token = b.path("token").asText("");
        vertx.executeBlocking(() -> push.unregister(platform, token), false)
                .onSuccess(found -> {
                    if (found) ctx.response().setStatusCode(204).end();
                    else
                        ctx.fail(new ProblemException(
                                ErrorCode.NOT_FOUND, "no device registered with this platform and token"));
                })
                .onFailure(ctx::fail);
    }

    /** {@code platform} (fcm, apns), {@code token}, {@code zones}, {@code drills} (default false). */
    private Device parse(JsonNode b) {
        List<FieldError> errs = new ArrayList<>();
        String platform = b.path("platform").asText("");
        String token = b.path("token").asText("");
        if (!Device.FCM.equals(platform) && !Device.APNS.equals(platform))
            errs.add(new FieldError("platform", "must be fcm or apns (UnifiedPush: POST /api/v1/push/subscriptions)"));
        else if (!push.enabled(platform))
            errs.add(new FieldError(
                    "platform", platform + " is not configured on this server (see docs/webhooks-and-push.md)"));
        else if (Device.FCM.equals(platform) && !FCM_TOKEN.matcher(token).matches())
            errs.add(new FieldError("token", "must be the FCM registration token (20 to 4096 of A-Z a-z 0-9 _ : -)"));
        else if (Device.APNS.equals(platform) && !APNS_TOKEN.matcher(token).matches())
            errs.add(new FieldError("token", "must be the APNs device token in hex (64 to 200 hex digits)"));
        List<String> zones = Requests.zones(b, tree, errs);
        boolean drills = Requests.bool(b, "drills", false, errs);
        Requests.check(errs);
        return new Device(
                platform,
                Device.APNS.equals(platform) ? token.toLowerCase(java.util.Locale.ROOT) : token,
                zones,
                drills,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
