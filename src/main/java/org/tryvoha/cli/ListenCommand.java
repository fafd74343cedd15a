package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.tryvoha.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "listen",
        mixinStandardHelpOptions = true,
        description = "Print live events for zones or a point (Server-Sent Events); reconnects and resumes by itself.")
final class ListenCommand extends Printing implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Option(names = "--zone", description = "Zone id (repeatable)")
    List<String> zones;

    @Option(names = "--lat")
    Double lat;

    @Option(names = "--lon")
    Double lon;

    @Option(names = "--last-event-id", description = "Resume after this event sequence")
    Long lastId;

    @Option(names = "--json", description = "Print each message as raw JSON")
    boolean json;

    @Option(
            names = "--latency",
            description = "Print, per event, when it arrived minus its commit time ('at'); same-clock hosts only")
    boolean latency;

    @Override
    public Integer call() throws Exception {
        StringBuilder q = new StringBuilder("/api/v1/stream?");
        if (zones != null)
            for (String z : zones) q.append("zone=").append(ApiClient.enc(z)).append('&');
        if (lat != null && lon != null)
            q.append("lat=").append(lat).append("&lon=").append(lon);
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(api.uri(q.toString())).header("Accept", "text/event-stream");
            if (lastId != null) b.header("Last-Event-ID", Long.toString(lastId));
            try {
                HttpResponse<InputStream> r = api.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    err().println("error: " + ApiClient.problem(r.statusCode(), Json.MAPPER.readTree(r.body())));
                    return 1;
                }
                attempt = 0;
                read(r.body());
                err().println("stream ended; reconnecting ...");
            } catch (IOException e) {
                err().println("connection lost (" + e.getMessage() + "); reconnecting ...");
            }
            Thread.sleep(Math.min(10_000, 500L << Math.min(attempt, 5)));
        }
    }

    private void read(InputStream in) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String event = "message", id = null, line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("id: ")) id = line.substring(4);
            else if (line.startsWith("event: ")) event = line.substring(7);
            else if (line.startsWith("data: ")) {
                if (id != null) lastId = Long.parseLong(id);
                print(event, line.substring(6));
            } else if (line.isEmpty()) {
                event = "message";
                id = null;
            }
        }
    }

    private void print(String event, String data) throws Exception {
        if (latency && event.equals("alert")) {
            Instant now = Instant.now();
            JsonNode m = Json.MAPPER.readTree(data);
            Instant at = Instant.parse(m.path("at").asText());
            System.out.printf(
                    "latency #%s %.3f ms (received %s, committed %s)%n",
                    m.path("seq").asText(), Duration.between(at, now).toNanos() / 1e6, now, at);
        }
        if (json) {
            out().println(data);
            return;
        }
        JsonNode m = Json.MAPPER.readTree(data);
        switch (event) {
            case "alert" -> {
                JsonNode a = m.path("alert");
                out().printf(
                                "#%s %s %s %s %s zones=%s %s%n",
                                m.path("seq").asText(),
                                m.path("at").asText(),
                                m.path("kind").asText().toUpperCase(),
                                a.path("type").asText(),
                                a.path("status").asText(),
                                a.path("zones"),
                                text(a.path("message")));
            }
            case "state" -> {
                for (JsonNode z : m.path("zones")) {
                    out().printf(
                                    "state #%s %s %s: %s%n",
                                    m.path("seq").asText(),
                                    z.path("zone").asText(),
                                    z.path("name_en").asText(),
                                    z.path("active").asBoolean()
                                            ? "ALERT since " + z.path("since").asText() + " " + z.path("types")
                                            : "clear");
                }
            }
            default -> out().println(event + ": " + data);
        }
        out().flush();
    }

    /** The Ukrainian text, else the English, else the first language's (another country's alerts). */
    private static String text(JsonNode message) {
        for (String lang : new String[] {"uk", "en"})
            if (message.hasNonNull(lang)) return message.get(lang).asText();
        return message.elements().hasNext() ? message.elements().next().asText() : "";
    }
}
