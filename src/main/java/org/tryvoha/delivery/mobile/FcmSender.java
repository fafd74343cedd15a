package org.tryvoha.delivery.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.tryvoha.delivery.mobile.MobileLane.Kind;
import org.tryvoha.delivery.mobile.MobileLane.Outcome;
import org.tryvoha.json.Json;

/**
 * Firebase Cloud Messaging HTTP v1: {@code POST /v1/projects/{project}/messages:send} with a
 * service account's OAuth2 token, one message to a device token, a topic or a condition. A data
 * message (the event's fields) with a notification (title, body), Android priority {@code HIGH}
 * and a TTL; for iOS through FCM the APNs headers and interruption level as {@link ApnsSender} sets
 * them. {@code UNREGISTERED} (404) or {@code SENDER_ID_MISMATCH} (403) for a token: the token is
 * gone and removed; 401: the access token is fetched again and the message retried; 429, 5xx and
 * no answer are retried by the lane; any other refusal is counted as failed.
 */
final class FcmSender {
    /** The topic of a zone: apps subscribe to the topics of their zone and of each zone above it. */
    static String topic(String zone) {
        return "zone_" + zone;
    }

    /** The topic apps subscribe to, besides their zones', to get drills. */
    static final String DRILLS_TOPIC = "drills";

    private final HttpClient client;
    private final GoogleAuth auth;
    private final String url;
    private final long timeoutMillis;

    FcmSender(HttpClient client, GoogleAuth auth, String baseUrl, long timeoutMillis) {
        this.client = client;
        this.auth = auth;
        this.url = baseUrl.replaceAll("/+$", "") + "/v1/projects/" + auth.projectId() + "/messages:send";
        this.timeoutMillis = timeoutMillis;
    }

    /** The FCM condition for a zone: its topic, and for a drill also the drills topic. */
    static String condition(String zone, boolean drill) {
        String c = "'" + topic(zone) + "' in topics";
        return drill ? c + " && '" + DRILLS_TOPIC + "' in topics" : c;
    }

    /**
     * The message body.
     *
     * @param target {@code token}, {@code topic} or {@code condition}
     */
    static byte[] message(String target, String value, Notice n, int ttlSeconds, long expiresEpoch) {
        Map<String, Object> android = new LinkedHashMap<>();
        android.put("priority", "HIGH");
        android.put("ttl", ttlSeconds + "s");
        android.put("notification", Map.of("channel_id", n.critical() ? "tryvoha_critical" : "tryvoha_alerts"));
        Map<String, Object> apnsHeaders = new LinkedHashMap<>();
        apnsHeaders.put("apns-priority", "10");
        apnsHeaders.put("apns-push-type", "alert");
        apnsHeaders.put("apns-expiration", Long.toString(expiresEpoch));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(target, value);
        m.put("notification", Map.of("title", n.title(), "body", n.body()));
        m.put("data", n.data());
        m.put("android", android);
        m.put(
                "apns",
                Map.of(
                        "headers",
                        apnsHeaders,
                        "payload",
                        Map.of("aps", Map.of("interruption-level", n.interruptionLevel(), "sound", "default"))));
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("message", m));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends one message; {@code gone} is called (with the token) when FCM says a token is no longer
     * valid. Never fails: the outcome says what came of it.
     */
    Future<Outcome> send(byte[] body, String token, Consumer<String> gone) {
        return auth.token()
                .compose(access -> post(body, access).map(r -> classify(r, access, token, gone)))
                .recover(e -> Future.succeededFuture(Outcome.of(Kind.RETRY, "FCM: " + e.getMessage())));
    }

    private record Answer(int status, String retryAfter, String body) {}

    private Future<Answer> post(byte[] body, String access) {
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("authorization", "Bearer " + access)
                .putHeader("content-type", "application/json; charset=UTF-8")
                .setIdleTimeout(timeoutMillis)
                .setConnectTimeout(timeoutMillis);
        return client.request(o)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body()
                        .map(b -> new Answer(resp.statusCode(), resp.getHeader("retry-after"), b.toString())));
    }

    private Outcome classify(Answer a, String access, String token, Consumer<String> gone) {
        if (a.status() == 200) return Outcome.of(Kind.SENT, null);
        String code = errorCode(a.body());
        String detail = "FCM " + a.status() + " " + code;
        if (token != null && ("UNREGISTERED".equals(code) || "SENDER_ID_MISMATCH".equals(code) || a.status() == 404)) {
            gone.accept(token);
            return Outcome.of(Kind.GONE, detail);
        }
        if (a.status() == 401) {
            auth.invalidate(access);
            return Outcome.of(Kind.RETRY, detail);
        }
        if (a.status() == 429 || a.status() >= 500)
            return new Outcome(Kind.RETRY, MobileLane.retryAfter(a.retryAfter()), detail);
        return Outcome.of(Kind.FAILED, detail);
    }

    /** The FcmError {@code errorCode} of an error body, else its {@code status}, else empty. */
    static String errorCode(String body) {
        try {
            JsonNode e = Json.MAPPER.readTree(body).path("error");
            for (JsonNode d : e.path("details"))
                if (d.path("errorCode").isTextual()) return d.path("errorCode").asText();
            return e.path("status").asText("");
        } catch (Exception ex) {
            return "";
        }
    }
}
