package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/** Security headers on pages and answers; CORS only for reads and only for the configured origins. */
class HeadersTest {
    static final String ALLOWED = "https://map.example";

    @TempDir
    static Path dir;

    static TestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("TRYVOHA_CORS_ALLOWED_ORIGINS", ALLOWED + ",https://other.example"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(server.base + path));
    }

    @Test
    void theResidentPagesInlineScriptRunsByItsHashAndNothingElseInline() throws Exception {
        HttpResponse<String> r = send(req("/resident").header("Accept", "text/html"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<script>(.*?)</script>", java.util.regex.Pattern.DOTALL)
                .matcher(r.body());
        assertThat(m.find())
                .as("the resident page opens its feed in an inline script")
                .isTrue();
        String hash = java.util.Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self' 'sha256-" + hash + "';");
        // the same script changed by one character is not allowed
        String other = java.util.Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest((m.group(1) + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(csp).doesNotContain(other);
        String console = send(req("/console").header("Accept", "text/html"))
                .headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow();
        assertThat(console).contains("script-src 'self';").doesNotContain("sha256-");
    }

    @Test
    void pagesHaveAStrictPolicyWithNothingInline() throws Exception {
        for (String page : new String[] {"/resident", "/console", "/sirens", "/stats", "/web/js/signed.js"}) {
            HttpResponse<String> r = send(req(page).header("Accept", "text/html"));
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp)
                    .as(page)
                    .contains("frame-ancestors 'none'")
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(send(req("/console")).body())
                .doesNotContain("style=")
                .doesNotContain("<script>")
                .doesNotContain("onclick");
    }

    @Test
    void readsCarryCorsForAllowedOriginsOnly() throws Exception {
        HttpResponse<String> r = send(req("/api/v1/status").header("Origin", ALLOWED));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
        HttpResponse<String> other = send(req("/api/v1/status").header("Origin", "https://evil.example"));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> keys = send(req("/.well-known/tryvoha-keys.json").header("Origin", ALLOWED));
        assertThat(keys.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    }

    @Test
    void preflightIsAnsweredForReadsAndNotForWrites() throws Exception {
        HttpResponse<String> get = send(req("/api/v1/stream")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id"));
        assertThat(get.statusCode()).isEqualTo(204);
        assertThat(get.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Last-Event-ID");
        HttpResponse<String> post = send(req("/api/v1/alerts")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST"));
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void webSocketsFromOtherOriginsAreRefused() throws Exception {
        HttpResponse<String> r = send(req("/api/v1/ws").header("Origin", "https://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("cors-allowed-origins");
    }
}
