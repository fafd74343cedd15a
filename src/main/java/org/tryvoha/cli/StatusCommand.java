package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Which zones are under alert now (all alerted zones, or the ones named).")
final class StatusCommand extends Printing implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Option(names = "--zone", description = "Zone id (repeatable); default: every zone under alert")
    List<String> zones;

    @Override
    public Integer call() throws Exception {
        StringBuilder q = new StringBuilder("/api/v1/status?");
        if (zones == null || zones.isEmpty()) q.append("alerted=true");
        else for (String z : zones) q.append("zone=").append(ApiClient.enc(z)).append('&');
        JsonNode r = api.get(q.toString());
        out().println("as of event " + r.path("seq").asText());
        for (JsonNode z : r.path("zones")) {
            String state = z.path("active").asBoolean()
                    ? "ALERT since " + z.path("since").asText() + " " + z.path("types")
                    : z.path("partly_alerts").asInt() > 0
                            ? "partly (" + z.path("partly_alerts").asInt() + " alerts inside)"
                            : "clear";
            out().printf(
                            "%-20s %-40s %s%n",
                            z.path("zone").asText(), z.path("name_en").asText(), state);
        }
        return 0;
    }
}
