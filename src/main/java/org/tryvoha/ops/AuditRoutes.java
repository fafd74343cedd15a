package org.tryvoha.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.audit.AuditEntry;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;

/**
 * {@code /api/v1/audit} (entries, oldest first, {@code ?after=SEQ&limit=N}, and the count of anonymous
 * refusals since the start) and {@code /api/v1/audit/verify} (the chain and the checkpoints); admins
 * only. Both first write the pending summary of anonymous refusals, so the reader sees them all.
 */
final class AuditRoutes {
    private final Vertx vertx;
    private final Operators ops;
    private final AuditLog audit;

    AuditRoutes(Vertx vertx, Operators ops, AuditLog audit) {
        this.vertx = vertx;
        this.ops = ops;
        this.audit = audit;
    }

    void list(RoutingContext ctx) {
        long after = number(ctx, "after", 0, Long.MAX_VALUE);
        int limit = (int) number(ctx, "limit", 100, 1000);
        OpsHttp.run(vertx, ctx, ops, "audit.list", "", 200, p -> {
            Access.requireRole(p, Role.ADMIN, "read the audit log");
            audit.summarizeRefusals(); // the reader sees every refusal counted so far
            List<AuditEntry> entries = audit.list(after, limit);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entries", entries);
            out.put(
                    "next_after",
                    entries.isEmpty() ? null : entries.get(entries.size() - 1).seq());
            out.put("anonymous_refusals", audit.refusals().total());
            return out;
        });
    }

    void verify(RoutingContext ctx) {
        OpsHttp.run(vertx, ctx, ops, "audit.verify", "", 200, p -> {
            Access.requireRole(p, Role.ADMIN, "verify the audit log");
            audit.summarizeRefusals();
            return audit.verify();
        });
    }

    private static long number(RoutingContext ctx, String name, long def, long max) {
        String s = ctx.request().getParam(name);
        if (s == null) return def;
        try {
            long v = Long.parseLong(s);
            if (v >= 0 && v <= max && (v > 0 || !name.equals("limit"))) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid(List.of(new FieldError(
                name,
                "must be a whole number from " + (name.equals("limit") ? 1 : 0) + " to " + max + ", got '" + s + "'")));
    }
}
