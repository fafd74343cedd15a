package org.tryvoha.delivery.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.tryvoha.delivery.mobile.MobileLane.Kind;
import org.tryvoha.delivery.mobile.MobileLane.Outcome;
import org.tryvoha.json.Json;

/**
 * Apple Push Notification service over HTTP/2 with token authentication: {@code POST
 * /3/device/{token}} with {@code authorization: bearer <ES256 JWT>} ({@code kid} the key id, {@code
 * iss} the team id, {@code iat}), renewed every {@link #TOKEN_MILLIS} (Apple refuses a token older
 * than an hour and renewals more often than every 20 minutes), {@code apns-topic} the bundle id,
 * {@code apns-push-type: alert}, {@code apns-priority: 10}, {@code apns-expiration} the alert's end,
 * and {@code apns-collapse-id} the alert id. The {@code interruption-level} is {@code critical} for a
 * threat to life (needs Apple's critical-alerts entitlement), {@code time-sensitive} otherwise.
 *
 * <p>410 {@code Unregistered} and 400 {@code BadDeviceToken}: the token is removed; 403 {@code
 * ExpiredProviderToken}: a new JWT and a retry; 429 and 5xx: retried by the lane.
 */
final class ApnsSender {
    static final long TOKEN_MILLIS = 40 * 60_000L;

    private final HttpClient client;
    private final String url;
    private final String keyId, teamId, topic;
    private final PrivateKey key;
    private final Clock clock;
    private final long timeoutMillis;
    private String jwt; // guarded by `this`
    private long renewAt;

    ApnsSender(HttpClient client, MobileSettings s, PrivateKey key, Clock clock) {
        this.client = client;
        this.url = s.apnsUrl().replaceAll("/+$", "");
        this.keyId = s.apnsKeyId();
        this.teamId = s.apnsTeamId();
        this.topic = s.apnsTopic();
        this.key = key;
        this.clock = clock;
        this.timeoutMillis = s.timeoutMillis();
    }

    /** The provider token, signed once and reused for {@link #TOKEN_MILLIS}. */
    synchronized String token() {
        if (jwt == null || clock.millis() >= renewAt) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", teamId);
            claims.put("iat", clock.instant().getEpochSecond());
            jwt = Jwt.sign(Map.of("alg", "ES256", "kid", keyId), claims, key);
            renewAt = clock.millis() + TOKEN_MILLIS;
        }
        return jwt;
    }

    private synchronized void invalidate(String refused) {
        if (refused.equals(jwt)) jwt = null;
    }

    static byte[] payload(Notice n) {
        Map<String, Object> aps = new LinkedHashMap<>();
        aps.put("alert", Map.of("title", n.title(), "body", n.body()));
        aps.put("sound", n.critical() ? Map.of("critical", 1, "name", "default", "volume", 1.0) : (Object) "default");
        aps.put("interruption-level", n.interruptionLevel());
        aps.put("relevance-score", n.critical() ? 1.0 : 0.8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aps", aps);
        body.put("tryvoha", n.data());
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one notification to a device; {@code gone} is called when Apple says the token is no longer valid. */
    Future<Outcome> send(String device, byte[] payload, String collapseId, long expiresEpoch, Consumer<String> gone) {
        String bearer = token();
        MultiMap h = HttpHeaders.headers()
                .add("authorization", "bearer " + bearer)
                .add("apns-topic", topic)
                .add("apns-push-type", "alert")
                .add("apns-priority", "10")
                .add("apns-expiration", Long.toString(expiresEpoch))
                .add("apns-collapse-id", collapseId.length() > 64 ? collapseId.substring(0, 64) : collapseId)
                .add("content-type", "application/json");
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url + "/3/device/" + device)
                .setHeaders(h)
                .setIdleTimeout(timeoutMillis)
                .setConnectTimeout(timeoutMillis);
        return client.request(o)
                .compose(req -> req.send(Buffer.buffer(payload)))
                .compose(resp -> resp.body()
                        .map(b -> classify(
                                resp.statusCode(), resp.getHeader("retry-after"), b.toString(), bearer, device, gone)))
                .recover(e -> Future.succeededFuture(Outcome.of(Kind.RETRY, "APNs: " + e)));
    }

    private Outcome classify(
            int status, String retryAfter, String body, String bearer, String device, Consumer<String> gone) {
        if (status == 200) return Outcome.of(Kind.SENT, null);
        String reason = reason(body);
        String detail = "APNs " + status + " " + reason;
        if (status == 410 || "BadDeviceToken".equals(reason) || "Unregistered".equals(reason)) {
            gone.accept(device);
            return Outcome.of(Kind.GONE, detail);
        }
        if (status == 403 && ("ExpiredProviderToken".equals(reason) || "InvalidProviderToken".equals(reason))) {
            invalidate(bearer);
            return Outcome.of(Kind.RETRY, detail);
        }
        if (status == 429 || status >= 500) return new Outcome(Kind.RETRY, MobileLane.retryAfter(retryAfter), detail);
        return Outcome.of(Kind.FAILED, detail);
    }

    static String reason(String body) {
        try {
            JsonNode j = Json.MAPPER.readTree(body);
            return j.path("reason").asText("");
        } catch (Exception e) {
            return "";
        }
    }
}
