package org.tryvoha;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tryvoha.config.Config;
import org.tryvoha.json.Json;
import org.tryvoha.server.App;

/** A real server in this JVM on a free port, with its own data directory, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {
    private static final Pattern ADMIN_KEY_FILE = Pattern.compile("admin key file: (.+)");
    public final App app;
    public final String base;
    public final String adminKey;
    public final Path dataDir;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

    private TestServer(App app, String adminKey, Path dataDir) {
        this.app = app;
        this.base = "http://127.0.0.1:" + app.port();
        this.adminKey = adminKey;
        this.dataDir = dataDir;
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** Starts a server; {@code env} plays the TRYVOHA_* environment variables. */
    public static TestServer start(Path dataDir, Map<String, String> env) throws Exception {
        Config.Flags f = new Config.Flags(null, "127.0.0.1", 0, dataDir, null, null, null, null, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        App app = App.start(Config.resolve(f, env), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new TestServer(app, adminKey(out.toString(StandardCharsets.UTF_8)), dataDir);
    }

    /**
     * The admin key a first start wrote, read from the file its output names (the key itself is never
     * printed); null when the output names none (the data directory already had keys).
     */
    public static String adminKey(String output) throws IOException {
        Matcher m = ADMIN_KEY_FILE.matcher(output);
        return m.find() ? Files.readString(Path.of(m.group(1))).strip() : null;
    }

    public Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** A GET with these header name/value pairs, its body as bytes (compressed answers, images). */
    public HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public Answer send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        return send(b.build());
    }

    public Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String ct = resp.headers().firstValue("Content-Type").orElse("");
        if (ct.contains("json")) json = Json.MAPPER.readTree(resp.body());
        return new Answer(resp.statusCode(), json, resp);
    }

    /** Raises an alert with the admin key; fails the test unless it is accepted. */
    public JsonNode raise(String json) throws Exception {
        Answer a = send("POST", "/api/v1/alerts", json, adminKey);
        if (a.status() != 201)
            throw new AssertionError(
                    "raise refused: " + a.status() + " " + a.raw().body());
        return a.json();
    }

    public JsonNode cancel(String id) throws Exception {
        Answer a = send("POST", "/api/v1/alerts/" + id + "/cancel", null, adminKey);
        if (a.status() != 200)
            throw new AssertionError(
                    "cancel refused: " + a.status() + " " + a.raw().body());
        return a.json();
    }

    /** A plain TCP connection to the server, for tests that speak the wire themselves (15 s read timeout). */
    public Socket rawSocket() throws IOException {
        return rawSocket(0);
    }

    /** {@link #rawSocket()} with a receive buffer of {@code bytes} (0: the system's), set before connecting so the window stays that small. */
    public Socket rawSocket(int bytes) throws IOException {
        Socket s = new Socket();
        if (bytes > 0) s.setReceiveBufferSize(bytes);
        s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    @Override
    public void close() {
        app.close();
    }
}
