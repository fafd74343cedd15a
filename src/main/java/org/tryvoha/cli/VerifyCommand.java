package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tryvoha.cap.CapWriter;
import org.tryvoha.cap.SafeXml;
import org.tryvoha.json.Json;
import org.tryvoha.signing.Signing;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.signing.Verifier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check the Ed25519 signatures of events against the server's published keys (" + Signing.WELL_KNOWN + ").",
            "Reads a file or stdin: one event, JSON lines, the /api/v1/events answer, an SSE capture or a CAP message;",
            "or, with --stream, the live stream. Exit code 0 when every event is valid, 1 when one is not."
        })
final class VerifyCommand extends Printing implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Events to check; - or none: stdin")
    String file;

    @Option(names = "--keys", description = "Keys document (file), instead of fetching it from --server")
    Path keysFile;

    @Option(names = "--stream", description = "Check the live stream (SSE) of --zone zones as events arrive")
    boolean stream;

    @Option(names = "--zone", description = "Zone id for --stream (repeatable)")
    List<String> zones;

    private Map<String, PublicKey> keys;
    private int good;
    private int bad;

    @Override
    public Integer call() throws Exception {
        keys = keys();
        if (stream) return live();
        byte[] input = file == null || file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        for (JsonNode e : events(input)) check(e);
        if (good + bad == 0) {
            err().println("error: found no events to check");
            return 1;
        }
        err().println(good + " valid, " + bad + " not valid");
        return bad == 0 ? 0 : 1;
    }

    private Map<String, PublicKey> keys() throws IOException, InterruptedException {
        JsonNode doc =
                keysFile != null ? Json.MAPPER.readTree(Files.readString(keysFile)) : api.get(Signing.WELL_KNOWN);
        Map<String, PublicKey> out = new HashMap<>();
        for (JsonNode k : doc.path("keys")) {
            out.put(
                    k.path("key_id").asText(),
                    SigningKey.publicKey(
                            Base64.getUrlDecoder().decode(k.path("public_key").asText())));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("the keys document lists no keys");
        return out;
    }

    private void check(JsonNode e) {
        Verifier.Result r = Verifier.verify(e, keys);
        if (r.ok()) good++;
        else bad++;
        out().println((r.ok() ? "valid     " : "NOT VALID ") + "event "
                + e.path("seq").asText("?") + " (" + e.path("kind").asText("?") + " "
                + e.path("alert").path("id").asText("?") + ")" + (r.ok() ? ", key " + r.keyId() : ": " + r.reason()));
        out().flush();
    }

    /** Every event in the input, whatever of the accepted forms it is. */
    static List<JsonNode> events(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8).strip();
        List<JsonNode> out = new ArrayList<>();
        if (text.startsWith("<")) return List.of(fromCap(input));
        if (text.startsWith("{") && !text.contains("\n{")) {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n.has("events")) n.path("events").forEach(out::add);
            else out.add(n);
            return out;
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("data: ")) l = l.substring(6);
            if (!l.startsWith("{")) continue;
            JsonNode n = Json.MAPPER.readTree(l);
            if ("event".equals(n.path("type").asText())) out.add(n);
        }
        return out;
    }

    /** The signed event a CAP export carries; its identifier must name that event. */
    static JsonNode fromCap(byte[] xml) throws IOException {
        Document d;
        try {
            d = SafeXml.parse(xml);
        } catch (SafeXml.Hostile e) {
            throw new IllegalArgumentException("not a CAP message this tool reads: " + e.getMessage());
        }
        NodeList params = d.getElementsByTagNameNS("*", "parameter");
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            if (!CapWriter.SIGNED_EVENT.equals(text(p, "valueName"))) continue;
            JsonNode e = Json.MAPPER.readTree(text(p, "value"));
            String id = text(d.getDocumentElement(), "identifier");
            String expected = "tryvoha-" + e.path("alert").path("id").asText() + "-"
                    + e.path("seq").asText();
            if (!expected.equals(id))
                throw new IllegalArgumentException(
                        "the CAP identifier " + id + " does not name the signed event " + expected);
            return e;
        }
        throw new IllegalArgumentException(
                "the CAP message has no " + CapWriter.SIGNED_EVENT + " parameter: it is not signed");
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagNameNS("*", name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }

    private int live() throws Exception {
        StringBuilder q = new StringBuilder("/api/v1/stream?");
        if (zones != null)
            for (String z : zones) q.append("zone=").append(ApiClient.enc(z)).append('&');
        HttpResponse<InputStream> r = api.http.send(
                HttpRequest.newBuilder(api.uri(q.toString()))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            err().println("error: " + ApiClient.problem(r.statusCode(), Json.MAPPER.readTree(r.body())));
            return 1;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        String event = "", line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("event: ")) event = line.substring(7);
            else if (line.startsWith("data: ") && event.equals("alert")) check(Json.MAPPER.readTree(line.substring(6)));
        }
        return bad == 0 ? 0 : 1;
    }
}
