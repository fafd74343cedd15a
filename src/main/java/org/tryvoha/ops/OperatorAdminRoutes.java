package org.tryvoha.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operator;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.auth.Scope;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.zone.ZoneTree;

/**
 * {@code /api/v1/operators} (admins: create, list, change, revoke operator accounts) and
 * {@code /api/v1/whoami} (anyone with a valid key: name, role and scope).
 */
public final class OperatorAdminRoutes {
    private final Vertx vertx;
    private final Operators ops;
    private final ZoneTree tree;
    private final AlertGate gate;

    public OperatorAdminRoutes(Vertx vertx, Operators ops, ZoneTree tree, AlertGate gate) {
        this.vertx = vertx;
        this.ops = ops;
        this.tree = tree;
        this.gate = gate;
    }

    public void whoami(RoutingContext ctx) {
        String secret = OpsHttp.bearer(ctx);
        vertx.executeBlocking(() -> view(OpsHttp.authenticate(ctx, ops, secret)), false)
                .onSuccess(v -> Http.json(ctx, 200, v))
                .onFailure(ctx::fail);
    }

    /** {@code POST /api/v1/operators} {"name","role","zones":[..]|"*","types":[..]|"*"}: 201 with the key, shown only now. */
    public void create(RoutingContext ctx) {
        JsonNode body = required(ctx);
        OpsHttp.run(vertx, ctx, ops, "operator.create", body.path("name").asText(""), 201, p -> {
            Access.requireRole(p, Role.ADMIN, "create operators");
            Role role = role(body, true);
            Scope scope = scope(body, true);
            Operators.Created c = ops.create(body.path("name").asText(null), role, scope, p.name());
            OpsHttp.note(
                    ctx,
                    Map.of(
                            "role",
                            role.wire(),
                            "zones",
                            scope.zonesText(),
                            "types",
                            scope.typesText(),
                            "id",
                            c.operator().id()));
            Map<String, Object> out = view(c.operator());
            out.put("key", c.key());
            out.put("key_note", "shown only now; it cannot be shown again");
            return out;
        });
    }

    public void list(RoutingContext ctx) {
        OpsHttp.run(vertx, ctx, ops, "operator.list", "", 200, p -> {
            Access.requireRole(p, Role.ADMIN, "list operators");
            return Map.of(
                    "operators",
                    ops.list().stream().map(OperatorAdminRoutes::view).toList());
        });
    }

    /** {@code PATCH /api/v1/operators/{id}}: new role and/or scope, in force at once. */
    public void change(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = required(ctx);
        OpsHttp.run(vertx, ctx, ops, "operator.change", id, 200, p -> {
            Access.requireRole(p, Role.ADMIN, "change operators");
            Role role = role(body, false);
            Scope given = scope(body, false);
            Operator cur = ops.get(id);
            Scope scope = given == null
                    ? null
                    : new Scope(
                            body.has("zones") ? given.zones() : cur.scope().zones(),
                            body.has("types") ? given.types() : cur.scope().types());
            Operator o = ops.change(id, role, scope);
            OpsHttp.note(
                    ctx,
                    Map.of(
                            "role",
                            o.role().wire(),
                            "zones",
                            o.scope().zonesText(),
                            "types",
                            o.scope().typesText()));
            return view(o);
        });
    }

    public void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        OpsHttp.run(vertx, ctx, ops, "operator.revoke", id, 200, p -> {
            Access.requireRole(p, Role.ADMIN, "revoke operators");
            if (!ops.revoke(id))
                throw new ProblemException(ErrorCode.CONFLICT, "operator '" + id + "' is already revoked");
            Operator o = ops.get(id);
            // a revoked sender's held changes no longer stand: nobody may approve them after it left
            List<String> withdrawn = gate.withdrawBy(p, o.id());
            if (!withdrawn.isEmpty()) OpsHttp.note(ctx, Map.of("withdrawn", withdrawn));
            Map<String, Object> out = view(o);
            out.put("withdrawn", withdrawn);
            return out;
        });
    }

    private Role role(JsonNode body, boolean required) {
        JsonNode n = body.get("role");
        if (n == null) {
            if (required)
                throw ProblemException.invalid(List.of(new FieldError("role", "required; one of: " + Role.allowed())));
            return null;
        }
        try {
            return Role.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new FieldError("role", e.getMessage())));
        }
    }

    /** Zones and types as arrays (or "*"); a missing one is everything on create, unchanged on change (null when both are missing). */
    private Scope scope(JsonNode body, boolean create) {
        if (!create && !body.has("zones") && !body.has("types")) return null;
        try {
            return Scope.parse(list(body.get("zones"), "zones"), list(body.get("types"), "types"), tree);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().contains("zone") ? "zones" : "types";
            throw ProblemException.invalid(List.of(new FieldError(field, e.getMessage())));
        }
    }

    private static List<String> list(JsonNode n, String field) {
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return Scope.split(n.asText());
        if (!n.isArray())
            throw ProblemException.invalid(List.of(new FieldError(field, "an array of ids, or \"*\" for all")));
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The members an operator body may have; a misspelt one (say "zone") must not widen a scope silently. */
    static final List<String> FIELDS = List.of("name", "role", "zones", "types");

    private static JsonNode required(RoutingContext ctx) {
        JsonNode body = Http.body(ctx, false);
        if (body == null || !body.isObject())
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON object body");
        List<FieldError> errs = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f))
                errs.add(new FieldError(f, "unknown field; an operator has only: " + String.join(", ", FIELDS)));
        });
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        return body;
    }

    static Map<String, Object> view(Operator o) {
        Map<String, Object> out = view(o.principal());
        out.put("created_at", o.createdAt());
        out.put("created_by", o.createdBy());
        out.put("revoked_at", o.revokedAt());
        return out;
    }

    static Map<String, Object> view(Principal p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("key_id", p.id());
        out.put("name", p.name());
        out.put("role", p.role());
        out.put(
                "zones",
                p.scope().zones() == null ? List.of(Scope.ALL) : p.scope().zones());
        out.put(
                "types",
                p.scope().types() == null
                        ? List.of(Scope.ALL)
                        : Scope.split(p.scope().typesText()));
        return out;
    }
}
