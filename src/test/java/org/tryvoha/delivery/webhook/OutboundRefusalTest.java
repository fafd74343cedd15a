package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.delivery.webpush.PushCrypto;

/**
 * A server with the default outbound policy refuses webhook URLs and push endpoints on loopback,
 * private, link-local and metadata addresses when they are registered (422 naming the field), and
 * limits push subscriptions per client address. Every address here is a literal refused before any
 * connection; the one receiver is on loopback and must get nothing.
 */
class OutboundRefusalTest {
    static final String LVIV = "UA46000000000026241";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_PUSH_SUBSCRIBE_PER_MINUTE", "3",
                        "TRYVOHA_TRUST_FORWARDED_FOR", "true")); // so each test is its own client
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void webhooksToInternalAddressesAreRefusedWhenRegistered() throws Exception {
        try (Receiver r = new Receiver()) {
            String port = r.url().replaceAll(".*:(\\d+)/.*", "$1");
            for (String url : new String[] {
                r.url(),
                "http://localhost:" + port + "/hook",
                "http://[::1]:" + port + "/hook",
                "http://[::ffff:127.0.0.1]:" + port + "/hook",
                "http://0.0.0.0:" + port + "/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1:4222/",
                "http://192.168.0.1/",
                "http://[fd00:ec2::254]/"
            }) {
                Answer a = server.send(
                        "POST",
                        "/api/v1/webhooks",
                        "{\"url\":\"" + url + "\",\"zones\":[\"" + LVIV + "\"]}",
                        server.adminKey);
                assertThat(a.status()).as(url + " " + a.raw().body()).isEqualTo(422);
                JsonNode e = a.json().path("errors").get(0);
                assertThat(e.path("field").asText()).isEqualTo("url");
                assertThat(e.path("message").asText())
                        .as(url)
                        .contains("is not allowed")
                        .contains("resolves to");
            }
            assertThat(server.send("GET", "/api/v1/webhooks", null, server.adminKey)
                            .json()
                            .path("webhooks"))
                    .isEmpty();
            assertThat(r.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    static Answer subscribe(String from, String endpoint) throws Exception {
        byte[] pub =
                PushCrypto.uncompressed((ECPublicKey) PushCrypto.newKeyPair().getPublic());
        String body = "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(pub) + "\",\"auth\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]) + "\"},\"zones\":[\"" + LVIV
                + "\"]}";
        return server.send(HttpRequest.newBuilder(URI.create(server.base + "/api/v1/push/subscriptions"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void pushEndpointsMustBeHttpsAndNotInternal() throws Exception {
        String[][] cases = {
            {"http://127.0.0.1:9/push/a", "https://"},
            {"https://127.0.0.1:9/push/a", "loopback"},
            {"https://10.0.0.1/push/a", "private"},
            {"https://169.254.169.254/push/a", "metadata"},
        };
        int client = 1;
        for (String[] c : cases) {
            Answer a = subscribe("192.0.2." + client++, c[0]);
            assertThat(a.status()).as(c[0] + " " + a.raw().body()).isEqualTo(422);
            JsonNode e = a.json().path("errors").get(0);
            assertThat(e.path("field").asText()).isEqualTo("endpoint");
            assertThat(e.path("message").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(server.get("/api/v1/push/key")
                        .json()
                        .path("status")
                        .path("subscriptions")
                        .asInt())
                .isZero();
    }

    @Test
    void subscribingIsLimitedPerClientAddress() throws Exception {
        for (int i = 0; i < 3; i++)
            assertThat(subscribe("198.51.100.7", "https://10.0.0.1/push/" + i).status())
                    .isEqualTo(422);
        Answer over = subscribe("198.51.100.7", "https://10.0.0.1/push/x");
        assertThat(over.status()).as(over.raw().body()).isEqualTo(429);
        assertThat(over.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(over.json().path("detail").asText()).contains("at most 3 a minute");
        assertThat(subscribe("198.51.100.8", "https://10.0.0.1/push/y").status())
                .isEqualTo(422); // another client is not held up
    }
}
