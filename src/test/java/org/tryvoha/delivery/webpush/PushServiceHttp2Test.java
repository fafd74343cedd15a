package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tryvoha.json.Json;

/**
 * The tests of {@link PushServiceTest} against a push service that speaks HTTP/2 (h2c), which the
 * sender reaches over its own HTTP/2 connections ({@link PushConnections}) rather than falling back
 * to HTTP/1.1; and one event to more browsers than one connection carries streams at once.
 */
class PushServiceHttp2Test extends PushServiceTest {
    static final String KYIV = "UA80000000000093317";

    @Override
    PushService newService() throws Exception {
        return new PushService(true);
    }

    @Test
    void manyPushesOfOneEventGoOverHttp2EachDecryptingForItsBrowser() throws Exception {
        int n = 260; // more than the 100 streams a Vert.x server allows on one connection by default
        try (PushService service = newService()) {
            Map<String, Browser> browsers = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Browser b = Browser.create();
                browsers.put("/push/kyiv-" + i, b);
                assertThat(subscribe(service.endpoint("kyiv-" + i), b, KYIV, false)
                                .status())
                        .isEqualTo(201);
            }
            String id = raise(KYIV);
            Set<String> asPublicKeys = new HashSet<>();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Push p = service.next();
                assertThat(p.protocol()).isEqualTo("HTTP/2");
                assertThat(p.headers())
                        .containsEntry("urgency", "high")
                        .containsEntry("content-encoding", "aes128gcm")
                        .containsKey("ttl");
                String path = p.headers().get(":path");
                paths.add(path);
                Browser b = browsers.get(path);
                assertThat(b).as("a push to " + path).isNotNull();
                JsonNode event = Json.MAPPER.readTree(b.decrypt(p.body()));
                assertThat(event.path("alert").path("id").asText()).isEqualTo(id);
                // the key id of the record: the sender's ephemeral public key, a new one for every push
                asPublicKeys.add(java.util.Base64.getEncoder()
                        .encodeToString(java.util.Arrays.copyOfRange(p.body(), 21, 21 + 65)));
            }
            assertThat(new HashSet<>(paths)).hasSize(n);
            assertThat(asPublicKeys).hasSize(n);
            server.cancel(id);
            for (int i = 0; i < n; i++) service.next();
            for (int i = 0; i < n; i++)
                assertThat(server.send(
                                        "DELETE",
                                        "/api/v1/push/subscriptions",
                                        "{\"endpoint\":\"" + service.endpoint("kyiv-" + i) + "\"}",
                                        null)
                                .status())
                        .isEqualTo(204);
        }
    }
}
