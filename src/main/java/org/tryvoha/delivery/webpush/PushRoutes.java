package org.tryvoha.delivery.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.delivery.Requests;
import org.tryvoha.delivery.SignUpQuota;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ZoneTree;

/**
 * {@code /api/v1/push}: the VAPID public key, and subscribing or unsubscribing a browser. No key
 * is needed: residents subscribe their own browsers; knowing an endpoint (a secret URL the push
 * service made for one browser) is what allows removing it.
 *
 * <p>Because anyone may subscribe, and each subscription makes the server send a request to its
 * endpoint for every alert in its zones, subscribing is limited per client address ({@code
 * push-subscribe-per-minute}), and an endpoint must be https and pass the {@link
 * org.tryvoha.delivery.Outbound} policy (no loopback, private, link-local or metadata address).
 */
public final class PushRoutes {
    private static final int MAX_URL = 2000;

    private final Vertx vertx;
    private final WebPush push;
    private final ZoneTree tree;
    /** Subscriptions per client address: each costs a request to its endpoint for every alert. */
    private final SignUpQuota quota;

    private PushRoutes(Vertx vertx, WebPush push, ZoneTree tree, boolean trustForwardedFor) {
        this.vertx = vertx;
        this.push = push;
        this.tree = tree;
        this.quota = new SignUpQuota("push subscriptions", push.settings().subscribePerMinute(), trustForwardedFor);
    }

    /** @param trustForwardedFor count subscriptions by the X-Forwarded-For client (behind a proxy you run) */
    public static void mount(
            Router r, Vertx vertx, WebPush push, ZoneTree tree, BodyHandler body, boolean trustForwardedFor) {
        PushRoutes p = new PushRoutes(vertx, push, tree, trustForwardedFor);
        r.get("/api/v1/push/key")
                .handler(
                        ctx -> json(ctx, 200, Map.of("public_key", push.vapid().publicKey(), "status", push.status())));
        r.route(HttpMethod.POST, "/api/v1/push/subscriptions").handler(body).handler(p::subscribe);
        r.route(HttpMethod.DELETE, "/api/v1/push/subscriptions").handler(body).handler(p::unsubscribe);
    }

    private void subscribe(RoutingContext ctx) {
        if (!quota.admit(ctx)) return;
        PushSubscription s;
        try {
            s = parse(Requests.body(ctx));
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        vertx.executeBlocking(
                        () -> {
                            String refused = push.outbound().check(s.endpoint()); // resolves: off the event loop
                            if (refused != null)
                                throw ProblemException.invalid(
                                        List.of(new FieldError("endpoint", "is not allowed: " + refused)));
                            return push.subscribe(s);
                        },
                        false)
                .onSuccess(ok -> {
                    if (!ok) {
                        ctx.fail(new ProblemException(
                                ErrorCode.UNAVAILABLE,
                                "the server holds its maximum of "
                                        + push.settings().maxSubscriptions()
                                        + " push subscriptions; try again later or use the live page"));
                        return;
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("endpoint", s.endpoint());
                    out.put("zones", s.zones());
                    out.put("drills", s.drills());
                    json(ctx, 201, out);
                })
                .onFailure(ctx::fail);
    }

    private void unsubscribe(RoutingContext ctx) {
        String endpoint;
        try {
            endpoint = Requests.body(ctx).path("endpoint").asText("");
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        vertx.executeBlocking(() -> push.unsubscribe(endpoint), false)
                .onSuccess(found -> {
                    if (found) ctx.response().setStatusCode(204).end();
                    else ctx.fail(new ProblemException(ErrorCode.NOT_FOUND, "no push subscription with this endpoint"));
                })
                .onFailure(ctx::fail);
    }

    /** The body: the browser's {@code PushSubscription.toJSON()} ({@code endpoint}, {@code keys}) plus {@code zones} and {@code drills}. */
    private PushSubscription parse(JsonNode b) {
        List<FieldError> errs = new ArrayList<>();
        String endpoint = endpoint(b.path("endpoint").asText(""), errs);
        byte[] p256dh = key(b.path("keys").path("p256dh"), "keys.p256dh", 65, errs);
        byte[] auth = key(b.path("keys").path("auth"), "keys.auth", 16, errs);
        if (p256dh != null) {
            try {
                PushCrypto.publicKey(p256dh);
            } catch (IllegalArgumentException e) {
                errs.add(new FieldError("keys.p256dh", e.getMessage()));
            }
        }
        List<String> zones = Requests.zones(b, tree, errs);
        boolean drills = Requests.bool(b, "drills", false, errs);
        Requests.check(errs);
        return new PushSubscription(
                endpoint, p256dh, auth, zones, drills, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private String endpoint(String s, List<FieldError> errs) {
        try {
            URI u = new URI(s);
            boolean scheme =
                    "https".equals(u.getScheme()) || (push.settings().allowHttp() && "http".equals(u.getScheme()));
            if (scheme && u.getHost() != null && u.getUserInfo() == null && s.length() <= MAX_URL) return s;
        } catch (URISyntaxException ignored) {
            // reported below
        }
        errs.add(new FieldError(
                "endpoint",
                "must be the https:// push service URL of the browser's subscription (at most " + MAX_URL
                        + " characters)"));
        return null;
    }

    private static byte[] key(JsonNode n, String field, int length, List<FieldError> errs) {
        try {
            byte[] b = Base64.getUrlDecoder()
                    .decode(n.asText("").replace('+', '-').replace('/', '_').replace("=", ""));
            if (b.length == length) return b;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        errs.add(
                new FieldError(field, "must be " + length + " bytes in base64url, as PushSubscription.toJSON() gives"));
        return null;
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
