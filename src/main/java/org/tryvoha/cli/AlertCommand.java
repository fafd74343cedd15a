package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "alert",
        mixinStandardHelpOptions = true,
        description = "Raise, update, cancel and list alerts on a running server.")
final class AlertCommand extends Printing {
    @Mixin
    ApiClient api;

    static final class Fields {
        @Option(
                names = "--type",
                description =
                        "air_raid, ballistic_missile, cruise_missile, drone, guided_bomb, artillery, urban_fights, chemical, nuclear, info")
        String type;

        @Option(names = "--zone", description = "Target zone id (repeatable)")
        List<String> zones;

        @Option(names = "--area", description = "File with a GeoJSON Polygon/MultiPolygon to target")
        Path area;

        @Option(names = "--uk", description = "Message in Ukrainian")
        String uk;

        @Option(names = "--en", description = "Message in English")
        String en;

        @Option(names = "--expires-at", description = "When it ends by itself (ISO-8601, e.g. 2026-11-23T21:00:00Z)")
        String expiresAt;

        @Option(names = "--expires-in", description = "When it ends by itself, from now (e.g. PT30M or 30m)")
        String expiresIn;

        Map<String, Object> body() throws Exception {
            Map<String, Object> b = new LinkedHashMap<>();
            if (type != null) b.put("type", type);
            if (zones != null) b.put("zones", zones);
            if (area != null) b.put("area", Json.MAPPER.readTree(Files.readString(area)));
            Map<String, String> msg = new LinkedHashMap<>();
            if (uk != null) msg.put("uk", uk);
            if (en != null) msg.put("en", en);
            if (!msg.isEmpty()) b.put("message", msg);
            if (expiresAt != null) b.put("expires_at", expiresAt);
            if (expiresIn != null)
                b.put("expires_at", Instant.now().plus(duration(expiresIn)).toString());
            return b;
        }

        static Duration duration(String s) {
            String t = s.strip().toLowerCase();
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase());
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("--expires-in: use e.g. 90s, 30m, 2h or PT30M");
            };
        }
    }

    @Command(name = "raise", mixinStandardHelpOptions = true, description = "Raise an alert; prints its id.")
    int raise(
            @Mixin Fields f,
            @Option(names = "--status", defaultValue = "actual", description = "actual, exercise or test")
                    String status)
            throws Exception {
        Map<String, Object> b = f.body();
        b.putIfAbsent("type", "air_raid");
        b.put("status", status);
        return print(api.send("POST", "/api/v1/alerts", b));
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Change an active alert's zones, type, text or expiry.")
    int update(@Parameters(paramLabel = "ID") String id, @Mixin Fields f) throws Exception {
        return print(api.send("PATCH", "/api/v1/alerts/" + ApiClient.enc(id), f.body()));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "End an alert (the all-clear).")
    int cancel(@Parameters(paramLabel = "ID") String id) throws Exception {
        return print(api.send("POST", "/api/v1/alerts/" + ApiClient.enc(id) + "/cancel", null));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the alerts in force.")
    int list() throws Exception {
        JsonNode r = api.get("/api/v1/alerts?active=true");
        out().printf("%-36s %-18s %-8s %-24s %s%n", "ID", "TYPE", "STATUS", "ISSUED", "ZONES");
        for (JsonNode a : r.path("alerts")) {
            out().printf(
                            "%-36s %-18s %-8s %-24s %s%n",
                            a.path("id").asText(),
                            a.path("type").asText(),
                            a.path("status").asText(),
                            a.path("issued_at").asText(),
                            a.path("zones").toString());
        }
        return 0;
    }

    private int print(JsonNode r) {
        if (r.has("pending")) { // held by the two-person rule
            JsonNode h = r.path("pending");
            err().println("held for approval (" + h.path("reason").asText()
                    + "); an approver runs: tryvoha approvals approve "
                    + h.path("id").asText());
            out().println(h.path("id").asText());
            return 0;
        }
        JsonNode a = r.path("alert");
        err().println(r.path("kind").asText() + " alert " + a.path("id").asText() + " (event "
                + r.path("seq").asText() + ") for " + a.path("zones").toString());
        out().println(a.path("id").asText());
        return 0;
    }
}
