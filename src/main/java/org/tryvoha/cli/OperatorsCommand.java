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
        name = "operators",
        mixinStandardHelpOptions = true,
        description = "Create, list, change and revoke operator accounts on a running server (admin key).")
final class OperatorsCommand extends Printing {
    @Mixin
    ApiClient api;

    static final class Scope {
        @Option(
                names = "--zones",
                split = ",",
                description = "Zone ids the operator may act on, comma-separated, or * (default on create: *)")
        List<String> zones;

        @Option(
                names = "--types",
                split = ",",
                description = "Alert types the operator may send, comma-separated, or * (default on create: *)")
        List<String> types;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an operator; prints the key on stdout (shown only once).")
    int create(
            @Option(names = "--name", required = true) String name,
            @Option(names = "--role", required = true, description = "viewer, operator, approver or admin") String role,
            @Mixin Scope scope)
            throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("role", role);
        if (scope.zones != null) b.put("zones", scope.zones);
        if (scope.types != null) b.put("types", scope.types);
        JsonNode r = api.send("POST", "/api/v1/operators", b);
        err().println("created operator " + r.path("id").asText() + " '" + name + "' (" + role + ", zones "
                + r.path("zones") + ", types " + r.path("types") + "); the key is shown only now:");
        out().println(r.path("key").asText());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List operators (never their keys).")
    int list() throws Exception {
        JsonNode r = api.send("GET", "/api/v1/operators", null);
        out().printf("%-14s %-20s %-9s %-40s %-24s %s%n", "ID", "NAME", "ROLE", "ZONES", "TYPES", "REVOKED");
        for (JsonNode o : r.path("operators")) {
            out().printf(
                            "%-14s %-20s %-9s %-40s %-24s %s%n",
                            o.path("id").asText(),
                            o.path("name").asText(),
                            o.path("role").asText(),
                            join(o.path("zones")),
                            join(o.path("types")),
                            o.path("revoked_at").isNull()
                                    ? "-"
                                    : o.path("revoked_at").asText());
        }
        return 0;
    }

    @Command(
            name = "change",
            mixinStandardHelpOptions = true,
            description = "Change an operator's role and/or scope; in force at once.")
    int change(
            @Parameters(paramLabel = "ID_OR_NAME") String id, @Option(names = "--role") String role, @Mixin Scope scope)
            throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        if (role != null) b.put("role", role);
        if (scope.zones != null) b.put("zones", scope.zones);
        if (scope.types != null) b.put("types", scope.types);
        JsonNode r = api.send("PATCH", "/api/v1/operators/" + ApiClient.enc(id), b);
        out().println(r.path("name").asText() + ": " + r.path("role").asText() + ", zones " + join(r.path("zones"))
                + ", types " + join(r.path("types")));
        return 0;
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke an operator; its key stops working at once.")
    int revoke(@Parameters(paramLabel = "ID_OR_NAME") String id) throws Exception {
        api.send("POST", "/api/v1/operators/" + ApiClient.enc(id) + "/revoke", null);
        out().println("revoked " + id);
        return 0;
    }

    private static String join(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        arr.forEach(x -> sb.append(sb.isEmpty() ? "" : ",").append(x.asText()));
        return sb.toString();
    }
}
