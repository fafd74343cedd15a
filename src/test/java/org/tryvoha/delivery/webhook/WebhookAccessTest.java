package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.auth.Ops;

/**
 * Who may do what with a webhook: its zones lie in its creator's scope, only its creator or an admin
 * changes or removes it, and its delivery log tells failures as classes, not as the network stack's
 * words (which told an open port from a closed one). Receivers are on loopback, which this server
 * allows ({@code outbound-allow-private}).
 */
class WebhookAccessTest {
    static final String KHARKIV = Ops.KHARKIV_OBLAST, POLTAVA = Ops.POLTAVA_OBLAST;

    @TempDir
    static Path dir;

    static TestServer server;
    static String alice, bob;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_OUTBOUND_ALLOW_PRIVATE", "true",
                        "TRYVOHA_WEBHOOK_FIRST_RETRY_MILLIS", "20",
                        "TRYVOHA_WEBHOOK_RETRY_WINDOW_SECONDS", "1"));
        alice = Ops.create(server, "alice", "operator", "[\"" + KHARKIV + "\"]", "\"*\"");
        bob = Ops.create(server, "bob", "operator", "[\"" + KHARKIV + "\"]", "\"*\"");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Answer register(String url, String zone, String key) throws Exception {
        return server.send("POST", "/api/v1/webhooks", "{\"url\":\"" + url + "\",\"zones\":[\"" + zone + "\"]}", key);
    }

    @Test
    void aHooksZonesMustLieInItsCreatorsScope() throws Exception {
        try (Receiver r = new Receiver()) {
            Answer out = register(r.url(), POLTAVA, alice);
            assertThat(out.status()).as(out.raw().body()).isEqualTo(403);
            assertThat(out.json().path("detail").asText())
                    .contains("outside its scope")
                    .contains(POLTAVA);
            Answer in = register(r.url(), KHARKIV, alice);
            assertThat(in.status()).as(in.raw().body()).isEqualTo(201);
            assertThat(server.send(
                                    "DELETE",
                                    "/api/v1/webhooks/" + in.json().path("id").asText(),
                                    null,
                                    alice)
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    void onlyItsCreatorOrAnAdminMayChangeOrRemoveAHook() throws Exception {
        try (Receiver r = new Receiver()) {
            String hook = register(r.url(), KHARKIV, alice).json().path("id").asText();
            Answer remove = server.send("DELETE", "/api/v1/webhooks/" + hook, null, bob);
            assertThat(remove.status()).as(remove.raw().body()).isEqualTo(403);
            assertThat(remove.json().path("detail").asText()).contains("alice").contains("admin");
            assertThat(server.send("POST", "/api/v1/webhooks/" + hook + "/enable", null, bob)
                            .status())
                    .isEqualTo(403);
            assertThat(server.send("GET", "/api/v1/webhooks/" + hook, null, bob).status())
                    .isEqualTo(200); // still there
            assertThat(server.send("POST", "/api/v1/webhooks/" + hook + "/enable", null, alice)
                            .status())
                    .isEqualTo(200);
            assertThat(server.send("DELETE", "/api/v1/webhooks/" + hook, null, server.adminKey)
                            .status())
                    .isEqualTo(204);

            String own = register(r.url(), KHARKIV, bob).json().path("id").asText();
            assertThat(server.send("DELETE", "/api/v1/webhooks/" + own, null, bob)
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    void theDeliveryLogTellsAClassNotTheNetworkStacksWords() throws Exception {
        // a closed port on loopback: the old log said "AnnotatedConnectException: Connection refused: ..."
        String hook = register("http://127.0.0.1:1/hook", KHARKIV, server.adminKey)
                .json()
                .path("id")
                .asText();
        try {
            String id = server.raise("{\"type\":\"air_raid\",\"zones\":[\"" + KHARKIV + "\"]," + Ops.MSG + "}")
                    .path("alert")
                    .path("id")
                    .asText();
            server.cancel(id);
            JsonNode first = null;
            for (int i = 0; i < 200 && first == null; i++) {
                JsonNode log = server.send("GET", "/api/v1/webhooks/" + hook + "/deliveries", null, server.adminKey)
                        .json()
                        .path("deliveries");
                if (log.size() > 0) first = log.get(log.size() - 1);
                else Thread.sleep(50);
            }
            assertThat(first).as("a delivery was logged").isNotNull();
            assertThat(first.path("result").asText()).isEqualTo("refused");
            assertThat(first.path("error").asText())
                    .startsWith("refused: the connection was refused")
                    .doesNotContain("Exception")
                    .doesNotContain("127.0.0.1");
        } finally {
            server.send("DELETE", "/api/v1/webhooks/" + hook, null, server.adminKey);
        }
    }
}
