package org.tryvoha.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.json.Json;

/** Compressed answers, validated zone geometry, streams that stay uncompressed, and the resident's place endpoints. */
class LightPagesTest {
    static final String ODESA = "UA51100270000073549";

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

    static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    @Test
    void textAnswersAreGzippedForClientsThatAcceptIt() throws Exception {
        for (String p : new String[] {"/resident", "/web/js/resident.js", "/web/css/app.css", "/api/v1/zones"}) {
            HttpResponse<byte[]> plain = get(p);
            HttpResponse<byte[]> zipped = get(p, "Accept-Encoding", "gzip, deflate, br");
            assertThat(plain.headers().firstValue("Content-Encoding")).as(p).isEmpty();
            assertThat(zipped.headers().firstValue("Content-Encoding")).as(p).hasValue("gzip");
            assertThat(gunzip(zipped.body())).as(p).isEqualTo(plain.body());
            assertThat(zipped.body().length).as(p).isLessThan(plain.body().length / 2);
        }
    }

    @Test
    void zoneGeometryHasAValidatorAndAnswers304() throws Exception {
        String p = "/api/v1/zones/geojson?level=oblast&simplified=true";
        HttpResponse<byte[]> first = get(p, "Accept-Encoding", "gzip");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(Json.MAPPER.readTree(gunzip(first.body())).get("features").size())
                .isEqualTo(27);
        HttpResponse<byte[]> again = get(p, "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get(p, "If-None-Match", "W/\"other\"").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> raion = get("/api/v1/zones/geojson?level=raion&simplified=true", "If-None-Match", etag);
        assertThat(raion.statusCode()).as("another level, another tag").isEqualTo(200);
    }

    @Test
    void aStreamIsNeverCompressedAndDeliversEachEventAtOnce() throws Exception {
        try (Socket sock = s.rawSocket()) {
            OutputStream out = sock.getOutputStream();
            out.write(("GET /api/v1/stream?zone=" + ODESA + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Accept: text/event-stream\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = sock.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("content-encoding");
            readUntil(in, "event: state");
            s.raise("{\"type\":\"air_raid\",\"zones\":[\"" + ODESA + "\"],\"message\":{\"uk\":\"gzip test\"}}");
            // the event arrives as plain text while the stream stays open (no compressor holds it back)
            assertThat(readUntil(in, "gzip test")).contains("event: alert");
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(marker)) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before '" + marker + "': " + sb);
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Test
    void placesAnswerTheCityAndItsZone() throws Exception {
        JsonNode found =
                Json.MAPPER.readTree(get("/api/v1/places?q=" + URLEncoder.encode("Odessa", StandardCharsets.UTF_8))
                        .body());
        JsonNode first = found.get("places").get(0);
        assertThat(first.get("name_uk").asText()).isEqualTo("Одеса");
        assertThat(first.get("kind").asText()).isEqualTo("major_city");
        assertThat(first.get("matched").asText()).isEqualTo("Odessa");
        assertThat(first.get("zone").get("id").asText()).isEqualTo(ODESA);
        assertThat(first.get("within").get(1).get("name_en").asText()).isEqualTo("Odesa Oblast");
        assertThat(get("/api/v1/places?q=").statusCode()).isEqualTo(422);

        JsonNode one = Json.MAPPER.readTree(get("/api/v1/places/" + ODESA).body());
        assertThat(one.get("chain").size()).isEqualTo(4);
        double lat = one.get("point").get("lat").asDouble(),
                lon = one.get("point").get("lon").asDouble();
        JsonNode at = s.get("/api/v1/zones/at?lat=" + lat + "&lon=" + lon).json();
        assertThat(at.get("zones").get(0).get("id").asText())
                .as("the point lies inside the place")
                .isEqualTo(ODESA);
        assertThat(get("/api/v1/places/UA99").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> area = get("/api/v1/places/" + ODESA + "/area", "Accept-Encoding", "gzip");
        JsonNode geo = Json.MAPPER.readTree(gunzip(area.body()));
        assertThat(geo.get("features").get(0).get("properties").get("role").asText())
                .isEqualTo("place");
        assertThat(geo.get("features").size()).isGreaterThan(3);
        assertThat(area.body().length).as("what one place needs is small").isLessThan(40_000);
        String etag = area.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/api/v1/places/" + ODESA + "/area", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
    }
}
