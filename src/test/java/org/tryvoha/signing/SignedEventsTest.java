package org.tryvoha.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer;
import org.tryvoha.WsClient;
import org.tryvoha.cli.TryvohaCommand;
import org.tryvoha.cli.VerifyAccess;
import org.tryvoha.json.Json;
import picocli.CommandLine;

/** Every channel's events are signed; a changed event fails, in Java, in the CLI and in the page's own JavaScript (run by node). */
public class SignedEventsTest {
    static final String HROMADA = "UA63120270000028556";
    static final String AREA =
            "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.26,50.01],[36.2,50.01],[36.2,49.98]]]}";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("TRYVOHA_SIGNING_KEYS_REFRESH_SECONDS", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, PublicKey> published() throws Exception {
        return published(server);
    }

    /** The keys a server publishes at its well-known URL, by key id. */
    public static Map<String, PublicKey> published(TestServer server) throws Exception {
        Map<String, PublicKey> out = new HashMap<>();
        for (JsonNode k : server.get(Signing.WELL_KNOWN).json().path("keys")) {
            out.put(
                    k.path("key_id").asText(),
                    SigningKey.publicKey(
                            Base64.getUrlDecoder().decode(k.path("public_key").asText())));
        }
        return out;
    }

    /** Raises an alert (with an area, so the event has fractional numbers) and returns the raw SSE data of its event. */
    static String raiseAndHear(String text) throws Exception {
        try (SseClient s = SseClient.open(server.base + "/api/v1/stream?zone=" + HROMADA, null)) {
            s.next("state", 10);
            server.raise("{\"type\":\"drone\",\"area\":" + AREA + ",\"message\":{\"uk\":\"" + text
                    + " ✈ \\\"лапки\\\"\",\"en\":\"" + text + "\"}}");
            return s.next("alert", 10).data();
        }
    }

    @Test
    void sseEventsAreSignedAndAChangedOneFails() throws Exception {
        String raw = raiseAndHear("Дрони");
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree(raw);
        assertThat(e.path("signature").path("alg").asText()).isEqualTo("Ed25519");
        assertThat(Verifier.verify(e, published()).ok()).isTrue();

        ObjectNode changed = e.deepCopy();
        ((ObjectNode) changed.path("alert").path("message")).put("en", "All clear, go outside");
        Verifier.Result r = Verifier.verify(changed, published());
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).contains("changed or forged");

        assertThat(Verifier.verify(raw, published()).ok()).isTrue();
        // the same event with a second "message" after the signed one: refused, whichever a reader would take
        String twice = raw.substring(0, raw.lastIndexOf('}')) + ",\"kind\":\"cancelled\"}";
        Verifier.Result dup = Verifier.verify(twice, published());
        assertThat(dup.ok()).isFalse();
        assertThat(dup.reason()).contains("Duplicate field 'kind'");

        ObjectNode unknownKey = e.deepCopy();
        ((ObjectNode) unknownKey.path("signature")).put("key_id", "ed25519-0000000000000000");
        assertThat(Verifier.verify(unknownKey, published()).reason()).contains("not among the published keys");
    }

    @Test
    void webSocketEventsCarryTheSameSignedJson() throws Exception {
        try (WsClient ws = WsClient.open(server.base.replace("http", "ws") + "/api/v1/ws?zone=" + HROMADA)) {
            ws.next("state", 10);
            String id = server.raise("{\"type\":\"drone\",\"zones\":[\"" + HROMADA + "\"],\"message\":{\"uk\":\"WS\"}}")
                    .path("alert")
                    .path("id")
                    .asText();
            JsonNode e = ws.next("event", 10);
            assertThat(e.path("alert").path("id").asText()).isEqualTo(id);
            assertThat(Verifier.verify(e, published()).ok()).isTrue();
        }
    }

    @Test
    void theEventLogApiAndTheCapExportCarryTheSameSignature() throws Exception {
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree(raiseAndHear("CAP"));
        long seq = e.path("seq").asLong();
        JsonNode logged = server.get("/api/v1/events?after=" + (seq - 1) + "&limit=1")
                .json()
                .path("events")
                .get(0);
        assertThat(logged).isEqualTo(e);
        String id = e.path("alert").path("id").asText();
        String cap = server.get("/api/v1/alerts/" + id + ".cap").raw().body();
        assertThat(cap).contains("tryvoha:signed-event");
        JsonNode fromCap = VerifyAccess.fromCap(cap.getBytes(StandardCharsets.UTF_8));
        assertThat(Verifier.verify(fromCap, published()).ok()).isTrue();
        assertThatThrownBy(() -> VerifyAccess.fromCap(
                        cap.replace("<identifier>tryvoha-" + id + "-" + seq, "<identifier>tryvoha-" + id + "-1")
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("does not name the signed event");
    }

    @Test
    void verifyCommandPassesGoodEventsAndFailsAChangedOne(@TempDir Path tmp) throws Exception {
        String raw = raiseAndHear("CLI");
        Path good = Files.writeString(tmp.resolve("good.json"), raw);
        assertThat(cli("verify", good.toString(), "--server", server.base))
                .startsWith("0|")
                .contains("valid")
                .doesNotContain("NOT VALID");
        Path bad = Files.writeString(tmp.resolve("bad.json"), raw.replace("\"CLI\"", "\"CLJ\""));
        assertThat(cli("verify", bad.toString(), "--server", server.base))
                .startsWith("1|")
                .contains("NOT VALID");
        String events = server.get("/api/v1/events?limit=1000").raw().body();
        Path log = Files.writeString(tmp.resolve("log.json"), events);
        assertThat(cli("verify", log.toString(), "--server", server.base)).startsWith("0|");
    }

    @Test
    void rotationSignsWithANewKeyAndOldEventsStayVerifiable() throws Exception {
        ObjectNode before = (ObjectNode) Json.MAPPER.readTree(raiseAndHear("Before"));
        String oldKey = before.path("signature").path("key_id").asText();
        assertThat(cli("signing-keys", "rotate", "--data-dir", dir.toString()))
                .startsWith("0|")
                .contains("now signing with");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (published().size() < 2 && System.nanoTime() < deadline) Thread.sleep(100);
        ObjectNode after = null;
        while (System.nanoTime() < deadline) {
            after = (ObjectNode) Json.MAPPER.readTree(raiseAndHear("After"));
            if (!after.path("signature").path("key_id").asText().equals(oldKey)) break;
        }
        assertThat(after.path("signature").path("key_id").asText()).isNotEqualTo(oldKey);
        Map<String, PublicKey> keys = published();
        assertThat(keys).containsKey(oldKey);
        assertThat(Verifier.verify(before, keys).ok()).isTrue();
        assertThat(Verifier.verify(after, keys).ok()).isTrue();
        JsonNode doc = server.get(Signing.WELL_KNOWN).json();
        assertThat(doc.path("keys")).anySatisfy(k -> {
            assertThat(k.path("key_id").asText()).isEqualTo(oldKey);
            assertThat(k.has("retired_at")).isTrue();
        });
    }

    @Test
    void theResidentPagesJavaScriptVerifiesWhatJavaSigned(@TempDir Path tmp) throws Exception {
        String raw = raiseAndHear("Node");
        String changed = raw.replace("\"Node\"", "\"Nodf\"");
        Files.copy(Path.of("src/main/resources/web/js/signed.js"), tmp.resolve("signed.mjs"));
        Files.writeString(tmp.resolve("check.mjs"), """
        import { SignatureCheck } from './signed.mjs';
        import { readFileSync } from 'node:fs';
        const c = new SignatureCheck(process.argv[2]);
        const out = [];
        for (const raw of JSON.parse(readFileSync(process.argv[3], 'utf8'))) out.push((await c.verify(JSON.parse(raw))).ok);
        console.log(JSON.stringify(out));
        """);
        Path input =
                Files.writeString(tmp.resolve("events.json"), Json.MAPPER.writeValueAsString(List.of(raw, changed)));
        List<String> cmd = new ArrayList<>(List.of(
                "node", tmp.resolve("check.mjs").toString(), server.base + Signing.WELL_KNOWN, input.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    "node is needed to run the page's JavaScript (apt-get install nodejs): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("node output").isEqualTo("[true,false]");
    }

    static String cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return code + "|" + out + "|" + err;
    }
}
