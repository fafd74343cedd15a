package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.tryvoha.json.Json;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The server a CLI command talks to, and the operator key it uses. A picocli mixin. */
final class ApiClient {
    @Option(
            names = "--server",
            description = "Server URL (default http://localhost:8080); env TRYVOHA_SERVER",
            scope = ScopeType.INHERIT)
    String server;

    @Option(names = "--key", description = "Operator key; env TRYVOHA_KEY", scope = ScopeType.INHERIT)
    String key;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    String base() {
        String s = server != null ? server : System.getenv().getOrDefault("TRYVOHA_SERVER", "http://localhost:8080");
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    String key() {
        String k = key != null ? key : System.getenv("TRYVOHA_KEY");
        if (k == null || k.isBlank())
            throw new IllegalArgumentException("an operator key is needed: --key KEY or TRYVOHA_KEY=KEY");
        return k;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), false);
    }

    JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        String json = body == null ? "" : Json.MAPPER.writeValueAsString(body);
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofString(json));
        if (body != null) b.header("Content-Type", "application/json");
        return send(b, true);
    }

    URI uri(String path) {
        return URI.create(base() + path);
    }

    private JsonNode send(HttpRequest.Builder b, boolean auth) throws IOException, InterruptedException {
        if (auth) b.header("Authorization", "Bearer " + key());
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException(
                    "cannot reach the server at " + base() + " (is it running? start it with ./tryvoha serve)");
        }
        JsonNode body = r.body().isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
        if (r.statusCode() >= 400) throw new IOException(problem(r.statusCode(), body));
        return body;
    }

    static String problem(int status, JsonNode p) {
        StringBuilder sb = new StringBuilder("HTTP " + status + ": "
                + p.path("detail").asText(p.path("title").asText("")));
        for (JsonNode e : p.path("errors"))
            sb.append("\n  ")
                    .append(e.path("field").asText())
                    .append(": ")
                    .append(e.path("message").asText());
        return sb.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
