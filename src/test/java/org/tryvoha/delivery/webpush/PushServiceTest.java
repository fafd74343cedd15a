package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.json.Json;

/**
 * Web Push end to end: a browser subscribes through the API, an alert is raised, and a local HTTP
 * endpoint playing the push service checks the RFC 8030/8292 headers and the VAPID token, decrypts
 * the message as the browser would (RFC 8291), and finally answers 410, after which the
 * subscription is gone.
 */
class PushServiceTest {
    static final String KHARKIV = "UA63000000000041885", LVIV = "UA46000000000026241";

    @TempDir
    static Path dir;

    static TestServer server;

    /** One push as the push service received it, and over which protocol ({@code HTTP/1.1}, {@code HTTP/2}). */
    record Push(Map<String, String> headers, byte[] body, String protocol) {}

    /** The push service the tests talk to: HTTP/1.1 only here, so the sender falls back from HTTP/2. */
    PushService newService() throws Exception {
        return new PushService(false);
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_PUSH_ALLOW_HTTP",
                        "true",
                        "TRYVOHA_PUSH_TTL_SECONDS",
                        "600",
                        "TRYVOHA_PUSH_SUBJECT",
                        "mailto:ops@tryvoha.test",
                        "TRYVOHA_OUTBOUND_ALLOW_PRIVATE",
                        "true", // the push service is on loopback
                        "TRYVOHA_PUSH_SUBSCRIBE_PER_MINUTE",
                        "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A local push service: the JDK's HTTP/1.1 server, or a Vert.x one speaking h2c ({@code http2}). */
    static final class PushService implements AutoCloseable {
        final BlockingQueue<Push> received = new LinkedBlockingQueue<>();
        final AtomicInteger answer = new AtomicInteger(201);
        final Queue<Integer> first = new ConcurrentLinkedQueue<>(); // answered before `answer`
        final HttpServer http;
        final Vertx vertx;
        final int port;

        PushService(boolean http2) throws Exception {
            if (http2) {
                http = null;
                vertx = Vertx.vertx();
                io.vertx.core.http.HttpServer h2 = vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0).setHttp2ClearTextEnabled(true));
                h2.requestHandler(req -> req.body().onSuccess(body -> {
                    Map<String, String> h = new HashMap<>();
                    req.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
                    h.put(":path", req.uri());
                    received.add(
                            new Push(h, body.getBytes(), req.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1"));
                    Integer once = first.poll();
                    req.response()
                            .setStatusCode(once != null ? once : answer.get())
                            .end();
                }));
                port = h2.listen().await().actualPort();
                return;
            }
            vertx = null;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/push/", ex -> {
                Map<String, String> h = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                received.add(new Push(h, ex.getRequestBody().readAllBytes(), ex.getProtocol()));
                Integer once = first.poll();
                ex.sendResponseHeaders(once != null ? once : answer.get(), -1);
                ex.close();
            });
            http.start();
            port = http.getAddress().getPort();
        }

        String endpoint(String id) {
            return "http://127.0.0.1:" + port + "/push/" + id;
        }

        Push next() throws InterruptedException {
            Push p = received.poll(30, TimeUnit.SECONDS);
            if (p == null) throw new AssertionError("the push service got nothing within 30 s");
            return p;
        }

        @Override
        public void close() {
            if (http != null) http.stop(0);
            else vertx.close().await();
        }
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Answer subscribe(String endpoint, Browser b, String zone, boolean drills) throws Exception {
        return server.send(
                "POST",
                "/api/v1/push/subscriptions",
                "{\"endpoint\":\"" + endpoint + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\""
                        + b64(b.publicKey()) + "\",\"auth\":\"" + b64(b.auth()) + "\"},\"zones\":[\"" + zone
                        + "\"],\"drills\":" + drills + "}",
                null);
    }

    static String raise(String zone) throws Exception {
        return server.raise("{\"type\":\"ballistic_missile\",\"zones\":[\"" + zone
                        + "\"],\"message\":{\"uk\":\"Балістика\",\"en\":\"Ballistic threat\"}}")
                .path("alert")
                .path("id")
                .asText();
    }

    /** Checks the VAPID token (RFC 8292) against the key the server publishes. */
    static void checkVapid(String authorization, String audience) throws Exception {
        String publicKey =
                server.get("/api/v1/push/key").json().path("public_key").asText();
        assertThat(authorization).startsWith("vapid t=").endsWith(", k=" + publicKey);
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(", k="));
        String[] parts = jwt.split("\\.");
        assertThat(Json.MAPPER
                        .readTree(Base64.getUrlDecoder().decode(parts[0]))
                        .path("alg")
                        .asText())
                .isEqualTo("ES256");
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("aud").asText()).isEqualTo(audience);
        assertThat(claims.path("sub").asText()).isEqualTo("mailto:ops@tryvoha.test");
        long exp = claims.path("exp").asLong();
        assertThat(exp)
                .isGreaterThan(Instant.now().getEpochSecond())
                .isLessThanOrEqualTo(Instant.now().getEpochSecond() + 24 * 3600);
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(PushCrypto.publicKey(Base64.getUrlDecoder().decode(publicKey)));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(parts[2])))
                .as("VAPID signature")
                .isTrue();
    }

    @Test
    void aSubscribedBrowserGetsAnEncryptedUrgentPushAndA410RemovesIt() throws Exception {
        try (PushService service = newService()) {
            Browser browser = Browser.create();
            String endpoint = service.endpoint("kharkiv-1");
            Answer sub = subscribe(endpoint, browser, KHARKIV, false);
            assertThat(sub.status()).as(sub.raw().body()).isEqualTo(201);

            String id = raise(KHARKIV);
            Push p = service.next();
            assertThat(p.headers())
                    .containsEntry("urgency", "high")
                    .containsEntry("ttl", "600")
                    .containsEntry("content-encoding", "aes128gcm");
            checkVapid(p.headers().get("authorization"), endpoint.substring(0, endpoint.indexOf("/push/")));
            JsonNode event = Json.MAPPER.readTree(browser.decrypt(p.body()));
            assertThat(event.path("type").asText()).isEqualTo("event");
            assertThat(event.path("kind").asText()).isEqualTo("issued");
            assertThat(event.path("alert").path("id").asText()).isEqualTo(id);
            assertThat(event.path("alert").path("message").path("en").asText()).isEqualTo("Ballistic threat");

            service.answer.set(410); // the browser has unsubscribed
            server.cancel(id);
            assertThat(Json.MAPPER
                            .readTree(browser.decrypt(service.next().body()))
                            .path("kind")
                            .asText())
                    .isEqualTo("cancelled");
            awaitGone(endpoint);

            service.answer.set(201);
            String again = raise(KHARKIV); // nothing goes to the removed subscription
            Browser other = Browser.create();
            assertThat(subscribe(service.endpoint("kharkiv-2"), other, KHARKIV, false)
                            .status())
                    .isEqualTo(201);
            server.cancel(again);
            Push next = service.next();
            assertThat(Json.MAPPER
                            .readTree(other.decrypt(next.body()))
                            .path("alert")
                            .path("id")
                            .asText())
                    .isEqualTo(again);
            assertThat(server.send(
                                    "DELETE",
                                    "/api/v1/push/subscriptions",
                                    "{\"endpoint\":\"" + service.endpoint("kharkiv-2") + "\"}",
                                    null)
                            .status())
                    .isEqualTo(204);
        }
    }

    /** Waits until the server counts the subscription removed, then checks the store no longer has it. */
    static void awaitGone(String endpoint) throws Exception {
        for (int i = 0;
                i < 600
                        && server.get("/api/v1/push/key")
                                        .json()
                                        .path("status")
                                        .path("removed")
                                        .asInt()
                                < 1;
                i++) Thread.sleep(50);
        assertThat(server.get("/api/v1/push/key")
                        .json()
                        .path("status")
                        .path("removed")
                        .asInt())
                .isEqualTo(1);
        assertThat(server.send("DELETE", "/api/v1/push/subscriptions", "{\"endpoint\":\"" + endpoint + "\"}", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPushRefusedWithA5xxIsTriedAgainAndArrives() throws Exception {
        try (PushService service = newService()) {
            Browser browser = Browser.create();
            String endpoint = service.endpoint("retry");
            assertThat(subscribe(endpoint, browser, LVIV, false).status()).isEqualTo(201);
            service.first.add(503);
            service.first.add(500);
            String id = raise(LVIV);
            byte[][] bodies = {
                service.next().body(), service.next().body(), service.next().body()
            }; // 503, 500, then 201
            for (byte[] b : bodies)
                assertThat(Json.MAPPER
                                .readTree(browser.decrypt(b))
                                .path("alert")
                                .path("id")
                                .asText())
                        .isEqualTo(id);
            for (int i = 0;
                    i < 200
                            && server.get("/api/v1/push/key")
                                            .json()
                                            .path("status")
                                            .path("retries")
                                            .asInt()
                                    < 2;
                    i++) Thread.sleep(50);
            assertThat(server.get("/api/v1/push/key")
                            .json()
                            .path("status")
                            .path("retries")
                            .asInt())
                    .isGreaterThanOrEqualTo(2);
            server.cancel(id);
            service.next();
            assertThat(server.send("DELETE", "/api/v1/push/subscriptions", "{\"endpoint\":\"" + endpoint + "\"}", null)
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    void onlyTheZonesAskedForAndDrillsOnlyWhenAskedFor() throws Exception {
        try (PushService service = newService()) {
            Browser lviv = Browser.create(), drills = Browser.create();
            assertThat(subscribe(service.endpoint("lviv"), lviv, LVIV, false).status())
                    .isEqualTo(201);
            assertThat(subscribe(service.endpoint("drills"), drills, KHARKIV, true)
                            .status())
                    .isEqualTo(201);
            String drill = server.raise("{\"type\":\"air_raid\",\"status\":\"exercise\",\"zones\":[\"" + KHARKIV
                            + "\"]," + "\"message\":{\"uk\":\"Навчання\",\"en\":\"Drill\"}}")
                    .path("alert")
                    .path("id")
                    .asText();
            Push p = service.next();
            assertThat(Json.MAPPER
                            .readTree(drills.decrypt(p.body()))
                            .path("alert")
                            .path("status")
                            .asText())
                    .isEqualTo("exercise");
            server.cancel(drill);
            service.next();
            String real = raise(LVIV);
            Push l = service.next();
            assertThat(Json.MAPPER
                            .readTree(lviv.decrypt(l.body()))
                            .path("alert")
                            .path("id")
                            .asText())
                    .isEqualTo(real); // Lviv's first push
            server.cancel(real);
            service.next();
            for (String e : new String[] {"lviv", "drills"}) {
                server.send(
                        "DELETE", "/api/v1/push/subscriptions", "{\"endpoint\":\"" + service.endpoint(e) + "\"}", null);
            }
        }
    }

    @Test
    void badSubscriptionsAreRefusedPerField() throws Exception {
        Answer bad = server.send(
                "POST",
                "/api/v1/push/subscriptions",
                "{\"endpoint\":\"ftp://x\",\"keys\":{\"p256dh\":\"AAAA\",\"auth\":\"!!\"},\"zones\":[]}",
                null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly("endpoint", "keys.p256dh", "keys.auth", "zones");
        byte[] offCurve = Browser.create().publicKey();
        offCurve[64] ^= 1;
        Answer off = server.send(
                "POST",
                "/api/v1/push/subscriptions",
                "{\"endpoint\":\"https://push.example/x\",\"keys\":{\"p256dh\":\"" + b64(offCurve) + "\",\"auth\":\""
                        + b64(new byte[16]) + "\"},\"zones\":[\"" + LVIV + "\"]}",
                null);
        assertThat(off.status()).isEqualTo(422);
        assertThat(off.json().path("errors").get(0).path("message").asText()).contains("not a point on P-256");
        assertThat(server.send("POST", "/api/v1/push/subscriptions", "{}", null).status())
                .isEqualTo(422);
        assertThat(server.send(
                                "DELETE",
                                "/api/v1/push/subscriptions",
                                "{\"endpoint\":\"https://push.example/none\"}",
                                null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theVapidKeyIsMadeOnFirstStartAndKept(@TempDir Path other) throws Exception {
        String first;
        try (TestServer s = TestServer.start(other)) {
            first = s.get("/api/v1/push/key").json().path("public_key").asText();
        }
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(65).startsWith((byte) 4);
        try (TestServer s = TestServer.start(other)) {
            assertThat(s.get("/api/v1/push/key").json().path("public_key").asText())
                    .isEqualTo(first);
        }
        assertThat(server.get("/api/v1/push/key").json().path("public_key").asText())
                .isNotEqualTo(first);
    }
}
