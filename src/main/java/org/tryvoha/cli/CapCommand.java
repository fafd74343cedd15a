package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.tryvoha.cap.CapMessage;
import org.tryvoha.cap.CapReader;
import org.tryvoha.cap.CapRule;
import org.tryvoha.cap.CapSignatures;
import org.tryvoha.cap.SignaturePolicy;
import org.tryvoha.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cap", mixinStandardHelpOptions = true, description = "Validate, import and export CAP 1.2 messages.")
final class CapCommand extends Printing {
    @Mixin
    ApiClient api;

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description =
                    "Check CAP files offline (safe parsing, schema, CAP rules, signature if present); prints every problem.")
    int validate(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files) throws IOException {
        int bad = 0;
        for (Path f : files) {
            CapReader.Report r = CapReader.validate(Files.readAllBytes(f));
            List<CapRule.Finding> findings = r.findings();
            String verdict = null;
            if (r.valid()) {
                CapMessage m = r.parsed().message();
                CapSignatures.Verdict v = new CapSignatures(List.of())
                        .check(r.parsed().document(), SignaturePolicy.ALLOW_UNSIGNED, m.sender());
                verdict = "valid CAP " + m.version() + " (" + m.msgType() + ", " + m.status() + ", "
                        + m.infos().size() + " info, signature " + v.wire() + ")";
            }
            long errors = findings.stream().filter(CapRule.Finding::error).count();
            if (verdict != null && errors == 0) out().println(f + ": " + verdict);
            else {
                bad++;
                out().println(f + ": INVALID" + (r.hostile() ? " (refused before reading)" : "") + ", " + errors
                        + " problem(s)");
            }
            for (CapRule.Finding e : findings) {
                out().println("  " + (e.error() ? "error" : "warning") + " [" + e.rule().id + "] " + e.path() + ": "
                        + e.message());
            }
        }
        return bad == 0 ? 0 : 1;
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Send a CAP message to the server (raise, update or cancel by its msgType).")
    int importFile(@Parameters(paramLabel = "FILE") Path file) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(api.uri("/api/v1/cap"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/cap+xml")
                .header("Authorization", "Bearer " + api.key())
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> resp = send(r);
        JsonNode body = Json.MAPPER.readTree(resp.body());
        if (resp.statusCode() >= 400) throw new IOException(ApiClient.problem(resp.statusCode(), body));
        if (body.path("draft").asBoolean()) {
            err().println("draft: valid, not published; it would "
                    + body.path("action").asText() + " alert "
                    + body.path("alert_id").asText());
        } else if (body.path("replayed").asBoolean()) {
            err().println("already applied (the same sender and identifier): "
                    + body.path("kind").asText()
                    + " alert " + body.path("alert").path("id").asText() + " (event "
                    + body.path("seq").asText() + "); nothing changed");
        } else {
            err().println(body.path("kind").asText() + " alert "
                    + body.path("alert").path("id").asText() + " (event "
                    + body.path("seq").asText() + ", signature "
                    + body.path("cap").path("signature").asText() + ") for "
                    + body.path("alert").path("zones"));
        }
        out().println(
                        body.path("draft").asBoolean()
                                ? body.path("alert_id").asText()
                                : body.path("alert").path("id").asText());
        return 0;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print an alert as a CAP 1.2 message.")
    int export(@Parameters(paramLabel = "ID") String id) throws Exception {
        HttpResponse<String> resp = send(HttpRequest.newBuilder(api.uri("/api/v1/alerts/" + ApiClient.enc(id) + ".cap"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        if (resp.statusCode() >= 400)
            throw new IOException(ApiClient.problem(resp.statusCode(), Json.MAPPER.readTree(resp.body())));
        out().print(resp.body());
        out().flush();
        return 0;
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        try {
            return api.http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new IOException(
                    "cannot reach the server at " + api.base() + " (is it running? start it with ./tryvoha serve)");
        }
    }
}
