package org.tryvoha.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/**
 * Absolute URLs come from the configuration, never from the request's Host header; and a query
 * string sent as raw UTF-8 bytes (as typed, not percent-encoded) is read as UTF-8. Both spoken over a
 * raw socket, since HTTP clients neither let a test set Host nor send unencoded bytes.
 */
class PublicUrlTest extends ServerTestBase {
    static final String KHARKIV = "UA63000000000041885";

    /** Status line and body of one request sent byte for byte. */
    record Raw(String status, String body) {}

    static Raw raw(TestServer s, byte[] target, String host) throws IOException {
        try (Socket socket = s.rawSocket()) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes("GET ".getBytes(UTF_8));
            req.writeBytes(target);
            req.writeBytes((" HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
            socket.getOutputStream().write(req.toByteArray());
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            return new Raw(answer.substring(0, answer.indexOf("\r\n")), answer.substring(end + 4));
        }
    }

    @Test
    void theAtomFeedIgnoresTheHostHeaderAndUsesTheListenAddressByDefault() throws Exception {
        String id = server.raise("{\"type\":\"drone\",\"zones\":[\"" + KHARKIV + "\"],\"message\":{\"en\":\"e\"}}")
                .path("alert")
                .path("id")
                .asText();
        String own = "http://127.0.0.1:" + server.app.port();
        Raw feed = raw(
                server,
                ("/api/v1/cap/feed.atom?zone=" + KHARKIV + "&x=%3Cinjected%3E").getBytes(UTF_8),
                "evil.example");
        assertThat(feed.status()).contains("200");
        assertThat(feed.body())
                .doesNotContain("evil.example")
                .doesNotContain("injected")
                .contains("<id>" + own + "/api/v1/cap/feed.atom?zone=" + KHARKIV + "</id>")
                .contains("href=\"" + own + "/api/v1/alerts/" + id + ".cap\"");
        server.cancel(id);
    }

    @Test
    void theConfiguredPublicUrlIsUsedWhateverTheHost(@TempDir Path other) throws Exception {
        try (TestServer s = TestServer.start(other, Map.of("TRYVOHA_PUBLIC_URL", "https://alerts.example.org/"))) {
            Raw feed = raw(s, "/api/v1/cap/feed.atom".getBytes(UTF_8), "evil.example");
            assertThat(feed.body())
                    .doesNotContain("evil.example")
                    .contains("<id>https://alerts.example.org/api/v1/cap/feed.atom</id>");
        }
    }

    @Test
    void aPublicUrlThatIsNoHttpUrlStopsTheStartNamingTheSetting(@TempDir Path other) {
        assertThatThrownBy(() -> TestServer.start(other, Map.of("TRYVOHA_PUBLIC_URL", "alerts.example.org"))
                        .close())
                .hasMessageContaining("public-url must be an absolute http or https URL");
    }

    @Test
    void aZoneSearchSentAsRawUtf8IsDecoded() throws Exception {
        Raw raw = raw(server, "/api/v1/zones/search?q=Львів&limit=3".getBytes(UTF_8), "127.0.0.1");
        assertThat(raw.status()).contains("200");
        JsonNode zones = Json.MAPPER.readTree(raw.body()).path("zones");
        assertThat(zones.size()).isPositive();
        assertThat(zones.get(0).path("name_uk").asText()).startsWith("Львів");

        String encoded = URLEncoder.encode("Львів", UTF_8);
        JsonNode same =
                server.get("/api/v1/zones/search?limit=3&q=" + encoded).json().path("zones");
        assertThat(same).isEqualTo(zones);
        Raw mixed = raw(server, ("/api/v1/zones/search?limit=3&q=" + encoded).getBytes(UTF_8), "127.0.0.1");
        assertThat(Json.MAPPER.readTree(mixed.body()).path("zones")).isEqualTo(zones);

        byte[] latin1 = "/api/v1/zones/search?q=caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Raw notUtf8 = raw(server, latin1, "127.0.0.1");
        assertThat(notUtf8.status()).contains("400");
        assertThat(notUtf8.body()).contains("not UTF-8");
    }
}
