package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import org.tryvoha.audit.AuditCheckpoints;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Read and verify the hash-chained audit log of operator actions.")
final class AuditCommand extends Printing {
    @Mixin
    ApiClient api;

    @Mixin
    StoreOptions where;

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List audit entries, oldest first (admin key; over the API).")
    int list(
            @Option(names = "--after", defaultValue = "0", description = "Only entries after this seq") long after,
            @Option(names = "--limit", defaultValue = "100", description = "At most this many (1-1000)") int limit)
            throws Exception {
        JsonNode r = api.send("GET", "/api/v1/audit?after=" + after + "&limit=" + limit, null);
        out().printf(
                        "%-6s %-24s %-16s %-9s %-18s %-36s %-6s %s%n",
                        "SEQ", "AT", "ACTOR", "ROLE", "ACTION", "TARGET", "STATUS", "DETAIL");
        for (JsonNode e : r.path("entries")) {
            out().printf(
                            "%-6d %-24s %-16s %-9s %-18s %-36s %-6d %s%n",
                            e.path("seq").asLong(),
                            e.path("at").asText(),
                            e.path("actor").asText(),
                            e.path("role").asText(),
                            e.path("action").asText(),
                            e.path("target").asText(),
                            e.path("status").asInt(),
                            e.path("detail").asText());
        }
        return 0;
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check the hash chain and that it reaches every signed checkpoint of its head: on the"
                    + " data directory or database directly (default), or over the API with --remote.")
    int verify(
            @Option(names = "--remote", description = "Ask the server (admin key) instead of opening the store")
                    boolean remote,
            @Option(
                            names = "--checkpoints",
                            description =
                                    "The checkpoint file to check against (default <data-dir>/audit-checkpoints.log);"
                                            + " point it at a copy kept away from the server")
                    Path checkpoints)
            throws Exception {
        JsonNode v;
        if (remote) v = api.send("GET", "/api/v1/audit/verify", null);
        else {
            Path file =
                    checkpoints != null ? checkpoints : where.config().dataDir().resolve(AuditCheckpoints.FILE_NAME);
            try (AlertStore store = where.open()) {
                v = Json.MAPPER.valueToTree(
                        new AuditLog(store.sql(), Clock.systemUTC(), AuditCheckpoints.readOnly(file)).verify());
            }
        }
        if (v.hasNonNull("note")) out().println("note: " + v.path("note").asText());
        if (v.path("ok").asBoolean()) {
            out().println("ok: " + v.path("entries").asLong() + " entries, the chain is intact"
                    + (v.path("checkpoints").asInt() > 0
                            ? "; it reaches all " + v.path("checkpoints").asInt()
                                    + " signed checkpoints (the last at seq "
                                    + v.path("checkpointed_seq").asLong()
                                    + ")"
                            : ""));
            return 0;
        }
        if (v.hasNonNull("truncated_after")) {
            out().println("TAMPERED: truncated after seq "
                    + v.path("truncated_after").asLong() + ": "
                    + v.path("problem").asText());
            return 2;
        }
        out().println("TAMPERED: "
                + (v.hasNonNull("first_bad_seq")
                        ? "first bad entry " + v.path("first_bad_seq").asLong() + ": "
                        : "")
                + v.path("problem").asText() + " (" + v.path("entries").asLong() + " entries before it are intact)");
        return 2;
    }
}
