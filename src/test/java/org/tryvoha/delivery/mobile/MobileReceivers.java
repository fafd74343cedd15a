package org.tryvoha.delivery.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tryvoha.json.Json;

/**
 * Local stand-ins for Google's OAuth2 token endpoint, FCM HTTP v1 and APNs, on one loopback HTTP/2
 * (h2c) server. Each checks what the real service documents and would refuse: the RS256 assertion
 * of the service account (signature, iss, scope, aud, lifetime) and the access token it issued; the
 * FCM message shape (one target, Android priority and TTL, string-only data); the APNs path, headers
 * and ES256 provider token (kid, iss, iat, signature) and the {@code aps} payload. A request that
 * fails a check is answered 400 and its reason kept in {@link #violations}. Answers can be scripted
 * per service, as the services' documented errors.
 */
final class MobileReceivers implements AutoCloseable {
    static final String PROJECT = "tryvoha-test", TEAM = "TEAM123456", KEY_ID = "KEY1234567", TOPIC = "org.tryvoha.app";

    /** One request as received. */
    record Received(String path, Map<String, String> headers, JsonNode body, HttpVersion version) {}

    /** A scripted answer: status, body, Retry-After (or null). */
    record Script(int status, String body, String retryAfter) {}

    final KeyPair google, apple;
    final Path serviceAccount, appleKey;
    final BlockingQueue<Received> fcm = new LinkedBlockingQueue<>(), apns = new LinkedBlockingQueue<>();
    final Queue<Script> fcmScript = new ConcurrentLinkedQueue<>(), apnsScript = new ConcurrentLinkedQueue<>();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final Set<String> issued = ConcurrentHashMap.newKeySet();
    volatile int tokenRequests;
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    MobileReceivers(Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        google = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        apple = ec.generateKeyPair();
        server = vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(r -> r.body().onSuccess(b -> handle(r, b)));
        server.listen().await();
        serviceAccount = dir.resolve("service-account.json");
        Files.writeString(
                serviceAccount,
                Json.MAPPER.writeValueAsString(Map.of(
                        "type",
                        "service_account",
                        "project_id",
                        PROJECT,
                        "private_key_id",
                        "k1",
                        "private_key",
                        pem(google.getPrivate().getEncoded()),
                        "client_email",
                        "tryvoha@" + PROJECT + ".iam.gserviceaccount.com",
                        "token_uri",
                        url() + "/token")));
        appleKey = dir.resolve("AuthKey_" + KEY_ID + ".p8");
        Files.writeString(appleKey, pem(apple.getPrivate().getEncoded()));
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The server's settings for both services pointing here. */
    Map<String, String> env() {
        return Map.of(
                "TRYVOHA_FCM_SERVICE_ACCOUNT",
                serviceAccount.toString(),
                "TRYVOHA_FCM_URL",
                url(),
                "TRYVOHA_APNS_KEY_FILE",
                appleKey.toString(),
                "TRYVOHA_APNS_KEY_ID",
                KEY_ID,
                "TRYVOHA_APNS_TEAM_ID",
                TEAM,
                "TRYVOHA_APNS_TOPIC",
                TOPIC,
                "TRYVOHA_APNS_URL",
                url(),
                "TRYVOHA_MOBILE_REGISTER_PER_MINUTE",
                "0");
    }

    private static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    Received next(BlockingQueue<Received> q) throws InterruptedException {
        Received r = q.poll(30, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("nothing arrived within 30 s; refused: " + violations);
        return r;
    }

    private void handle(HttpServerRequest r, Buffer body) {
        String why;
        try {
            if (r.path().equals("/token")) {
                token(r, body.toString());
                return;
            }
            if (r.path().equals("/v1/projects/" + PROJECT + "/messages:send")) why = fcm(r, body);
            else if (r.path().startsWith("/3/device/")) why = apns(r, body);
            else why = "no such path " + r.path();
        } catch (Exception e) {
            why = e.toString();
        }
        if (why != null) refuse(r, why);
    }

    private void refuse(HttpServerRequest r, String why) {
        violations.add(why);
        r.response().setStatusCode(400).end("{\"reason\":\"" + why.replace('"', '\'') + "\"}");
    }

    private void token(HttpServerRequest r, String form) throws Exception {
        tokenRequests++;
        Map<String, String> f = new java.util.HashMap<>();
        for (String kv : form.split("&")) {
            String[] p = kv.split("=", 2);
            f.put(p[0], URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(f.get("grant_type"))) {
            refuse(r, "grant_type");
            return;
        }
        String[] jwt = f.getOrDefault("assertion", "").split("\\.");
        JsonNode h = part(jwt, 0), c = part(jwt, 1);
        long now = Instant.now().getEpochSecond();
        String why = !"RS256".equals(h.path("alg").asText())
                ? "alg"
                : !c.path("iss").asText().endsWith(".iam.gserviceaccount.com")
                        ? "iss"
                        : !"https://www.googleapis.com/auth/firebase.messaging"
                                        .equals(c.path("scope").asText())
                                ? "scope"
                                : !(url() + "/token").equals(c.path("aud").asText())
                                        ? "aud"
                                        : c.path("exp").asLong() - c.path("iat").asLong() > 3600
                                                        || c.path("iat").asLong() > now + 60
                                                ? "lifetime"
                                                : !verify("SHA256withRSA", google, jwt) ? "RS256 signature" : null;
        if (why != null) {
            refuse(r, "token: " + why);
            return;
        }
        String t = "ya29.local-" + issued.size();
        issued.add(t);
        r.response()
                .putHeader("content-type", "application/json")
                .end("{\"access_token\":\"" + t + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private String fcm(HttpServerRequest r, Buffer body) throws Exception {
        String auth = r.getHeader("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !issued.contains(auth.substring(7)))
            return "FCM: no access token this endpoint issued";
        JsonNode m = Json.MAPPER.readTree(body.getBytes()).path("message");
        int targets = (m.has("token") ? 1 : 0) + (m.has("topic") ? 1 : 0) + (m.has("condition") ? 1 : 0);
        if (targets != 1) return "FCM: exactly one of token, topic, condition";
        if (!"HIGH".equals(m.path("android").path("priority").asText())) return "FCM: android.priority";
        if (!m.path("android").path("ttl").asText().matches("\\d+s")) return "FCM: android.ttl";
        for (JsonNode v : m.path("data")) if (!v.isTextual()) return "FCM: data values must be strings";
        if (m.path("notification").path("title").asText().isEmpty()) return "FCM: notification.title";
        // the answer is taken before the request is seen: a test woken by it may script the next one
        Script answer = fcmScript.poll();
        fcm.add(new Received(r.path(), headers(r), m, r.version()));
        answer(r, answer, "{\"name\":\"projects/" + PROJECT + "/messages/1\"}");
        return null;
    }

    private String apns(HttpServerRequest r, Buffer body) throws Exception {
        if (!r.path().substring("/3/device/".length()).matches("[0-9a-f]{64,200}")) return "APNs: device token";
        Map<String, String> h = headers(r);
        if (!TOPIC.equals(h.get("apns-topic"))) return "APNs: apns-topic";
        if (!"alert".equals(h.get("apns-push-type"))) return "APNs: apns-push-type";
        if (!"10".equals(h.get("apns-priority"))) return "APNs: apns-priority";
        if (!h.getOrDefault("apns-expiration", "").matches("\\d+")) return "APNs: apns-expiration";
        String auth = h.getOrDefault("authorization", "");
        if (!auth.startsWith("bearer ")) return "APNs: authorization";
        String[] jwt = auth.substring(7).split("\\.");
        JsonNode jh = part(jwt, 0), jc = part(jwt, 1);
        if (!"ES256".equals(jh.path("alg").asText())
                || !KEY_ID.equals(jh.path("kid").asText())) return "APNs: JWT header";
        if (!TEAM.equals(jc.path("iss").asText())) return "APNs: JWT iss";
        if (Math.abs(jc.path("iat").asLong() - Instant.now().getEpochSecond()) > 3600) return "APNs: JWT iat";
        if (!verify("SHA256withECDSAinP1363Format", apple, jwt)) return "APNs: ES256 signature";
        JsonNode b = Json.MAPPER.readTree(body.getBytes());
        String level = b.path("aps").path("interruption-level").asText();
        if (!List.of("critical", "time-sensitive").contains(level)) return "APNs: interruption-level";
        if (b.path("aps").path("alert").path("title").asText().isEmpty()) return "APNs: aps.alert.title";
        // the answer is taken before the request is seen: a test woken by it may script the next one
        Script answer = apnsScript.poll();
        apns.add(new Received(r.path(), h, b, r.version()));
        answer(r, answer, null);
        return null;
    }

    private static void answer(HttpServerRequest r, Script s, String ok) {
        if (s == null) {
            r.response().setStatusCode(200);
            if (ok != null)
                r.response().putHeader("content-type", "application/json").end(ok);
            else
                r.response()
                        .putHeader("apns-id", java.util.UUID.randomUUID().toString())
                        .end();
            return;
        }
        r.response().setStatusCode(s.status());
        if (s.retryAfter() != null) r.response().putHeader("retry-after", s.retryAfter());
        r.response().end(s.body() == null ? "" : s.body());
    }

    private static Map<String, String> headers(HttpServerRequest r) {
        Map<String, String> h = new java.util.HashMap<>();
        r.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
        return h;
    }

    private static JsonNode part(String[] jwt, int i) throws Exception {
        return jwt.length == 3
                ? Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[i]))
                : Json.MAPPER.createObjectNode();
    }

    private static boolean verify(String alg, KeyPair k, String[] jwt) throws Exception {
        if (jwt.length != 3) return false;
        Signature s = Signature.getInstance(alg);
        s.initVerify(k.getPublic());
        s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        return s.verify(Base64.getUrlDecoder().decode(jwt[2]));
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
