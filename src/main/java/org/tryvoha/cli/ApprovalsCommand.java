package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "approvals",
        mixinStandardHelpOptions = true,
        description = "Alerts held by the two-person rule: list, approve (another approver than the sender) or reject.")
final class ApprovalsCommand extends Printing {
    @Mixin
    ApiClient api;

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List held alerts (default: those still pending).")
    int list(
            @Option(
                            names = "--state",
                            defaultValue = "pending",
                            description = "pending, approved, rejected, expired, failed or all")
                    String state)
            throws Exception {
        JsonNode r = api.send("GET", "/api/v1/approvals?state=" + ApiClient.enc(state), null);
        out().printf(
                        "%-36s %-9s %-7s %-18s %-16s %-24s %-24s %s%n",
                        "ID",
                        "STATE",
                        "ACTION",
                        "TYPE",
                        "REQUESTED BY",
                        "REQUESTED AT",
                        "TIMEOUT AT",
                        "ZONES / REASON");
        for (JsonNode h : r.path("approvals")) {
            out().printf(
                            "%-36s %-9s %-7s %-18s %-16s %-24s %-24s %s — %s%n",
                            h.path("id").asText(),
                            h.path("state").asText(),
                            h.path("action").asText(),
                            h.path("type").asText(),
                            h.path("requested_by").asText(),
                            h.path("requested_at").asText(),
                            h.path("timeout_at").asText(),
                            h.path("zones"),
                            h.path("reason").asText());
        }
        return 0;
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a held alert: it goes out at once. Not allowed to its sender.")
    int approve(@Parameters(paramLabel = "ID") String id) throws Exception {
        JsonNode r = api.send("POST", "/api/v1/approvals/" + ApiClient.enc(id) + "/approve", null);
        err().println("approved; " + r.path("event").path("kind").asText() + " alert (event "
                + r.path("event").path("seq").asText() + ")");
        out().println(r.path("event").path("alert_id").asText());
        return 0;
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Reject a held alert (its sender may reject it to withdraw it).")
    int reject(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--reason", description = "Why, for the audit log") String reason)
            throws Exception {
        api.send(
                "POST",
                "/api/v1/approvals/" + ApiClient.enc(id) + "/reject",
                reason == null ? null : Map.of("reason", reason));
        out().println("rejected " + id);
        return 0;
    }
}
