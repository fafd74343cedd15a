package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Register, list, inspect, re-enable and remove webhooks on a running server.")
final class WebhooksCommand extends Printing {
    @Mixin
    ApiClient api;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Register a webhook; prints its id, and its signing secret once.")
    int add(
            @Option(names = "--url", required = true, description = "Where to POST events (http:// or https://)")
                    String url,
            @Option(
                            names = "--zone",
                            required = true,
                            description = "Zone id (repeatable): events reaching it are sent")
                    List<String> zones,
            @Option(names = "--drills", description = "Also send exercise and test alerts") boolean drills)
            throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("url", url);
        b.put("zones", zones);
        b.put("drills", drills);
        JsonNode h = api.send("POST", "/api/v1/webhooks", b);
        err().println("added webhook " + h.path("id").asText() + "; its signing secret is shown only now:");
        out().println(h.path("id").asText() + " " + h.path("secret").asText());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List webhooks (never their secrets).")
    int list() throws Exception {
        out().printf("%-20s %-8s %-8s %-6s %-40s %s%n", "ID", "ENABLED", "FAILURES", "DRILLS", "URL", "ZONES");
        for (JsonNode h : api.send("GET", "/api/v1/webhooks", null).path("webhooks")) {
            out().printf(
                            "%-20s %-8s %-8d %-6s %-40s %s%n",
                            h.path("id").asText(),
                            h.path("enabled").asBoolean() ? "yes" : "NO",
                            h.path("failures").asInt(),
                            h.path("drills").asBoolean() ? "yes" : "no",
                            h.path("url").asText(),
                            join(h.path("zones")));
            if (h.has("disabled_reason"))
                out().println("  disabled: " + h.path("disabled_reason").asText());
        }
        return 0;
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = "The newest delivery attempts of a webhook, newest first.")
    int log(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--limit", defaultValue = "20", description = "How many (1-1000, default 20)") int limit)
            throws Exception {
        out().printf(
                        "%-26s %-8s %-7s %-10s %-6s %-7s %s%n",
                        "AT", "SEQ", "ATTEMPT", "OUTCOME", "STATUS", "MS", "ERROR");
        for (JsonNode a : api.send("GET", "/api/v1/webhooks/" + ApiClient.enc(id) + "/deliveries?limit=" + limit, null)
                .path("deliveries")) {
            out().printf(
                            "%-26s %-8d %-7d %-10s %-6s %-7d %s%n",
                            a.path("at").asText(),
                            a.path("seq").asLong(),
                            a.path("attempt").asInt(),
                            a.path("outcome").asText(),
                            a.hasNonNull("status") ? a.path("status").asText() : "-",
                            a.path("millis").asLong(),
                            a.path("error").asText("").isEmpty()
                                    ? ""
                                    : a.path("error").asText());
        }
        return 0;
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a webhook again after it was disabled for failing.")
    int enable(@Parameters(paramLabel = "ID") String id) throws Exception {
        api.send("POST", "/api/v1/webhooks/" + ApiClient.enc(id) + "/enable", null);
        err().println("enabled webhook " + id);
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a webhook and its delivery log.")
    int remove(@Parameters(paramLabel = "ID") String id) throws Exception {
        api.send("DELETE", "/api/v1/webhooks/" + ApiClient.enc(id), null);
        err().println("removed webhook " + id);
        return 0;
    }

    private static String join(JsonNode zones) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode z : zones) sb.append(sb.isEmpty() ? "" : ",").append(z.asText());
        return sb.toString();
    }
}
