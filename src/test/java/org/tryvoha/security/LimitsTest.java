package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.WsClient;
import org.tryvoha.json.Json;

/** Abuse limits over real HTTP: 429 with Retry-After per address, the zone cap, 413 on every body-taking endpoint. */
class LimitsTest {
    static final String OBLAST = "UA63000000000041885";

    @TempDir
    static Path dir;

    static TestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // each test plays its own client address through X-Forwarded-For, so the tests do not share buckets
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_TRUST_FORWARDED_FOR",
                        "true",
                        "TRYVOHA_RATE_LIMIT_REQUESTS_PER_SECOND",
                        "1",
                        "TRYVOHA_RATE_LIMIT_REQUESTS_BURST",
                        "5",
                        "TRYVOHA_RATE_LIMIT_CONNECTIONS_PER_SECOND",
                        "1",
                        "TRYVOHA_RATE_LIMIT_CONNECTIONS_BURST",
                        "2",
                        "TRYVOHA_MAX_ZONES_PER_CONNECTION",
                        "3",
                        "TRYVOHA_WS_MESSAGES_PER_SECOND",
                        "1",
                        "TRYVOHA_MAX_BODY_BYTES",
                        "2048",
                        "TRYVOHA_RATE_LIMIT_EXEMPT",
                        "192.0.2.0/24"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String from) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.base + path))
                        .header("X-Forwarded-For", from)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String address() {
        return "10.1." + (UUID.randomUUID().hashCode() & 0xff) + "."
                + (UUID.randomUUID().hashCode() & 0xff);
    }

    @Test
    void requestsBeyondTheBurstAre429WithRetryAfterAndOtherAddressesGoOn() throws Exception {
        String me = "198.51.100.7";
        for (int i = 0; i < 5; i++)
            assertThat(get("/api/v1/zones/" + OBLAST, me).statusCode()).isEqualTo(200);
        HttpResponse<String> r = get("/api/v1/zones/" + OBLAST, me);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        JsonNode p = Json.MAPPER.readTree(r.body());
        assertThat(p.path("code").asText()).isEqualTo("too_many_requests");
        assertThat(p.path("detail").asText()).contains(me).contains("1 a second");
        assertThat(get("/api/v1/health", me).statusCode())
                .as("health is never limited")
                .isEqualTo(200);
        assertThat(get("/api/v1/zones/" + OBLAST, "198.51.100.8").statusCode()).isEqualTo(200);
    }

    @Test
    void exemptAddressesAreNotLimited() throws Exception {
        for (int i = 0; i < 20; i++)
            assertThat(get("/api/v1/zones/" + OBLAST, "192.0.2.9").statusCode()).isEqualTo(200);
    }

    @Test
    void streamConnectionAttemptsAreLimitedPerAddress() throws Exception {
        String me = "203.0.113.5";
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> ok = http.send(
                    HttpRequest.newBuilder(URI.create(server.base + "/api/v1/stream?zone=" + OBLAST))
                            .header("X-Forwarded-For", me)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(ok.statusCode()).isEqualTo(200);
            ok.body().close();
        }
        HttpResponse<String> r = get("/api/v1/stream?zone=" + OBLAST, me);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.MAPPER.readTree(r.body()).path("detail").asText()).contains("connection attempts");
    }

    @Test
    void aConnectionMaySubscribeToAtMostTheCappedNumberOfZones() throws Exception {
        String four =
                "zone=UA63000000000041885&zone=UA63120000000091135&zone=UA63120270000028556&zone=UA80000000000093317";
        HttpResponse<String> r = get("/api/v1/stream?" + four, address());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("at most 3 zones per connection");
        try (WsClient ws = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws")) {
            ws.send(
                    "{\"op\":\"subscribe\",\"zones\":[\"UA63000000000041885\",\"UA63120000000091135\",\"UA63120270000028556\",\"UA80000000000093317\"]}");
            assertThat(ws.next("error", 10).path("message").asText()).contains("at most 3 zones");
        }
    }

    @Test
    void aWebSocketThatFloodsMessagesGetsThemDropped() throws Exception {
        try (WsClient ws = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws")) {
            for (int i = 0; i < 10; i++) ws.send("{\"op\":\"ping\"}");
            assertThat(ws.next("error", 10).path("message").asText()).contains("too many messages");
        }
    }

    @Test
    void everyBodyTakingEndpointAnswers413AsAProblem() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(4096) + "\"}";
        String[][] endpoints = {
            {"POST", "/api/v1/alerts", "application/json"},
            {"POST", "/api/v1/cap", "application/cap+xml"},
            {"POST", "/api/v1/tracks", "application/json"},
            {"PATCH", "/api/v1/alerts/x", "application/json"},
            {"POST", "/api/v1/alerts/x/cancel", "application/json"},
            {"POST", "/api/v1/zones/resolve", "application/json"},
            {"POST", "/api/v1/tracks/x/confirm", "application/json"}
        };
        for (String[] e : endpoints) {
            for (boolean chunked : new boolean[] {false, true}) {
                HttpRequest.BodyPublisher body = chunked
                        ? HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofString(big)) // no length: chunked
                        : HttpRequest.BodyPublishers.ofString(big);
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(server.base + e[1]))
                                .method(e[0], body)
                                .header("Content-Type", e[2])
                                .header("Authorization", "Bearer " + server.adminKey)
                                .header("X-Forwarded-For", address())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode())
                        .as(e[0] + " " + e[1] + (chunked ? " chunked" : ""))
                        .isEqualTo(413);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(Json.MAPPER.readTree(r.body()).path("detail").asText())
                        .contains("max-body-bytes");
            }
        }
        Answer still = server.get("/api/v1/health");
        assertThat(still.status()).isEqualTo(200);
    }
}
