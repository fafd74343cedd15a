package org.tryvoha.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/** The resident page as an installable web app: its manifest, icons and push worker as the server serves them. */
class InstallableTest {
    @TempDir
    static Path dir;

    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return s.getBytes(path, headers);
    }

    /** "WxH" from a PNG's IHDR chunk. */
    static String pngSize(byte[] png) {
        assertThat(png.length).isGreaterThan(24);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        ByteBuffer b = ByteBuffer.wrap(png);
        return b.getInt(16) + "x" + b.getInt(20);
    }

    @Test
    void theManifestIsServedAsAManifestWithAValidatorAndAShortCache() throws Exception {
        HttpResponse<byte[]> r = get("/web/manifest.webmanifest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/manifest+json");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/web/manifest.webmanifest", "If-None-Match", etag).statusCode())
                .isEqualTo(304);

        JsonNode m = Json.MAPPER.readTree(r.body());
        assertThat(m.get("start_url").asText()).isEqualTo("/resident");
        assertThat(m.get("scope").asText()).isEqualTo("/");
        assertThat(m.get("display").asText()).isEqualTo("standalone");
        assertThat(m.get("name").asText()).isEqualTo("Тривога — моє місце");
        assertThat(m.get("short_name").asText()).isEqualTo("Тривога");
        assertThat(m.get("theme_color").asText()).matches("#[0-9a-f]{6}");
        assertThat(m.get("background_color").asText()).matches("#[0-9a-f]{6}");
        int maskable = 0;
        for (JsonNode icon : m.get("icons")) {
            HttpResponse<byte[]> png = get(icon.get("src").asText());
            assertThat(png.statusCode()).as(icon.toString()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type"))
                    .as(icon.toString())
                    .hasValue("image/png");
            assertThat(pngSize(png.body()))
                    .as(icon.toString())
                    .isEqualTo(icon.get("sizes").asText());
            if (icon.path("purpose").asText().contains("maskable")) maskable++;
        }
        assertThat(m.get("icons")).hasSize(3);
        assertThat(maskable).isEqualTo(1);
    }

    @Test
    void theResidentPageLinksTheManifestAndTheIconsIosReads() throws Exception {
        String page = new String(get("/resident").body(), StandardCharsets.UTF_8);
        assertThat(page)
                .contains("<link rel=\"manifest\" href=\"/web/manifest.webmanifest\">")
                .contains("<link rel=\"apple-touch-icon\" href=\"/web/icons/apple-touch-icon-180.png\">")
                .contains("<meta name=\"apple-mobile-web-app-capable\" content=\"yes\">");
        assertThat(pngSize(get("/web/icons/apple-touch-icon-180.png").body())).isEqualTo("180x180");
        assertThat(pngSize(get("/web/icons/favicon-32.png").body())).isEqualTo("32x32");
        assertThat(pngSize(get("/web/icons/favicon-alert-32.png").body())).isEqualTo("32x32");
    }

    @Test
    void thePushWorkerIsServedAtTheRootForTheWholeAppAndRevalidatedAtOnce() throws Exception {
        HttpResponse<byte[]> root = get("/push-sw.js");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(root.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
        // the worker registered by older pages under /web/ is the same file
        assertThat(get("/web/push-sw.js").body()).isEqualTo(root.body());
        assertThat(new String(root.body(), StandardCharsets.UTF_8)).contains("notificationclick", "/resident");
        // nothing else of /web/ is served from the root
        assertThat(get("/push.js").statusCode()).isEqualTo(404);
        assertThat(get("/resident.html").statusCode()).isEqualTo(404);
    }
}
