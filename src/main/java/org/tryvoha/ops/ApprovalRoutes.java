package org.tryvoha.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.Pending;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.http.Http;

/** {@code /api/v1/approvals}: alerts held by the two-person rule; list, read, approve, reject. */
public final class ApprovalRoutes {
    private static final Set<String> STATES =
            Set.of("pending", "approved", "rejected", "expired", "failed", "invalidated", "withdrawn", "all");

    private final Vertx vertx;
    private final Operators ops;
    private final AlertGate gate;

    public ApprovalRoutes(Vertx vertx, Operators ops, AlertGate gate) {
        this.vertx = vertx;
        this.ops = ops;
        this.gate = gate;
    }

    /**
     * {@code ?state=pending} (default) | approved | rejected | expired | failed | invalidated |
     * withdrawn | all. Any valid key.
     */
    public void list(RoutingContext ctx) {
        String state = ctx.request().getParam("state", "pending");
        if (!STATES.contains(state))
            throw ProblemException.invalid(List.of(new FieldError(
                    "state",
                    "one of: " + String.join(", ", STATES.stream().sorted().toList()))));
        String secret = OpsHttp.bearer(ctx);
        vertx.executeBlocking(
                        () -> {
                            Access.requireRole(OpsHttp.authenticate(ctx, ops, secret), Role.VIEWER, "read held alerts");
                            return Map.of("approvals", gate.list(state.equals("all") ? null : state, 200));
                        },
                        false)
                .onSuccess(r -> Http.json(ctx, 200, r))
                .onFailure(ctx::fail);
    }

    public void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String secret = OpsHttp.bearer(ctx);
        vertx.executeBlocking(
                        () -> {
                            OpsHttp.authenticate(ctx, ops, secret);
                            return view(gate.get(id));
                        },
                        false)
                .onSuccess(r -> Http.json(ctx, 200, r))
                .onFailure(ctx::fail);
    }

    public void approve(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        OpsHttp.run(vertx, ctx, ops, "approval.approve", id, 200, p -> {
            AlertEvent e = gate.approve(p, id);
            OpsHttp.audited(ctx); // the gate wrote the entry
            Map<String, Object> out = view(gate.get(id));
            out.put(
                    "event",
                    Map.of(
                            "seq",
                            e.seq(),
                            "kind",
                            e.kind(),
                            "alert_id",
                            e.alert().id()));
            return out;
        });
    }

    /** Body optional: {"reason": "..."}. */
    public void reject(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = Http.body(ctx, false);
        String reason = body == null ? null : body.path("reason").asText(null);
        OpsHttp.run(vertx, ctx, ops, "approval.reject", id, 200, p -> {
            Pending h = gate.reject(p, id, reason);
            OpsHttp.audited(ctx); // the gate wrote the entry
            return view(h);
        });
    }

    private static Map<String, Object> view(Pending h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pending", h);
        return out;
    }
}
