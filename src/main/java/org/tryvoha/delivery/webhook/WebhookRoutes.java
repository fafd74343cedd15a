package org.tryvoha.delivery.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.delivery.Requests;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ZoneTree;

/**
 * {@code /api/v1/webhooks}: register, list, show, remove and re-enable hooks and read their
 * delivery log. Every endpoint needs the key of an operator (role operator or above: the
 * registrations hold URLs and secrets); changes are written to the audit log.
 * Key checks and store access run on worker threads.
 */
public final class WebhookRoutes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_URL = 2000;

    private final Vertx vertx;
    private final Webhooks hooks;
    private final Operators operators;
    private final ZoneTree tree;

    private WebhookRoutes(Vertx vertx, Webhooks hooks, Operators operators, ZoneTree tree) {
        this.vertx = vertx;
        this.hooks = hooks;
        this.operators = operators;
        this.tree = tree;
    }

    public static void mount(
            Router r, Vertx vertx, Webhooks hooks, Operators operators, ZoneTree tree, BodyHandler body) {
        WebhookRoutes w = new WebhookRoutes(vertx, hooks, operators, tree);
        r.route(HttpMethod.POST, "/api/v1/webhooks").handler(body).handler(w::add);
        r.get("/api/v1/webhooks")
                .handler(ctx -> w.answer(ctx, 200, () -> {
                    w.operator(ctx);
                    return Map.of(
                            "webhooks",
                            hooks.store().all().stream().map(Webhook::view).toList());
                }));
        r.get("/api/v1/webhooks/:id")
                .handler(ctx -> w.answer(ctx, 200, () -> w.find(ctx).view()));
        r.delete("/api/v1/webhooks/:id").handler(w::remove);
        r.route(HttpMethod.POST, "/api/v1/webhooks/:id/enable").handler(body).handler(w::enable);
        r.get("/api/v1/webhooks/:id/deliveries").handler(w::deliveries);
    }

    private void add(RoutingContext ctx) {
        answer(ctx, 201, () -> {
            Principal who = operator(ctx);
            JsonNode b = Requests.body(ctx);
            List<FieldError> errs = new ArrayList<>();
            String url = url(b.path("url"), errs);
            List<String> zones = Requests.zones(b, tree, errs);
            boolean drills = Requests.bool(b, "drills", false, errs);
            Requests.check(errs);
            Access.requireScope(who, "register webhooks", zones, List.of(), tree);
            byte[] id = new byte[8];
            RANDOM.nextBytes(id);
            Webhook h = new Webhook(
                    "wh_" + HexFormat.of().formatHex(id),
                    url,
                    zones,
                    drills,
                    Signature.newSecret(),
                    true,
                    0,
                    null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    who.name(),
                    who.id());
            hooks.store().insert(h);
            hooks.put(h);
            Map<String, Object> out = new LinkedHashMap<>(h.view());
            out.put("secret", h.secret()); // shown this once
            return out;
        });
    }

    private void remove(RoutingContext ctx) {
        answer(ctx, 204, () -> {
            Webhook h = owned(ctx, "remove");
            hooks.store().delete(h.id());
            hooks.remove(h.id());
            return null;
        });
    }

    private void enable(RoutingContext ctx) {
        answer(ctx, 200, () -> {
            Webhook h = owned(ctx, "enable").withState(true, 0, null);
            hooks.store().saveState(h);
            hooks.put(h);
            return h.view();
        });
    }

    private void deliveries(RoutingContext ctx) {
        answer(ctx, 200, () -> {
            Webhook h = find(ctx);
            int limit = limit(ctx.request().getParam("limit"));
            return Map.of("webhook", h.id(), "deliveries", hooks.store().log(h.id(), limit));
        });
    }

    /** Authenticates, then the hook named in the path; 404 when there is none. Blocking. */
    private Webhook find(RoutingContext ctx) {
        operator(ctx);
        return lookup(ctx);
    }

    private Webhook lookup(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return hooks.store()
                .get(id)
                .orElseThrow(() -> new ProblemException(
                        ErrorCode.NOT_FOUND, "no webhook '" + id + "'; list them with GET /api/v1/webhooks"));
    }

    /**
     * The hook named in the path, for a change: 403 unless the caller registered it or is an admin,
     * so one operator cannot silence or redirect another's deliveries. Blocking.
     */
    private Webhook owned(RoutingContext ctx, String what) {
        Principal p = operator(ctx);
        Webhook h = lookup(ctx);
        if (p.role().atLeast(Role.ADMIN) || p.id().equals(h.createdById())) return h;
        throw new ProblemException(
                ErrorCode.FORBIDDEN,
                "operator '" + p.name() + "' may not " + what + " webhook " + h.id() + ": only the operator who"
                        + " registered it ('" + h.createdBy() + "') or an admin may change or remove it");
    }

    /** The operator holding the request's key: 401 without a valid one, 403 below the operator role. Blocking. */
    private Principal operator(RoutingContext ctx) {
        ctx.put(OpsHttp.ACTION, "webhook." + ctx.request().method().name().toLowerCase(Locale.ROOT));
        Principal p = OpsHttp.authenticate(ctx, operators, OpsHttp.bearer(ctx));
        Access.requireRole(p, Role.OPERATOR, "manage webhooks (they hold URLs and secrets)");
        return p;
    }

    /** Blocking (resolves the host): the URL when it is well formed and the outbound policy allows it. */
    private String url(JsonNode n, List<FieldError> errs) {
        String s = n.asText("");
        try {
            URI u = new URI(s);
            if (s.length() <= MAX_URL
                    && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && u.getHost() != null
                    && u.getUserInfo() == null) {
                String refused = hooks.outbound().check(s);
                if (refused == null) return s;
                errs.add(new FieldError("url", "is not allowed: " + refused));
                return null;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        errs.add(new FieldError(
                "url",
                "must be an http:// or https:// URL with a host, no user:password@, at most " + MAX_URL
                        + " characters, got '" + (s.length() > 100 ? s.substring(0, 100) + "…" : s) + "'"));
        return null;
    }

    private static int limit(String s) {
        if (s == null) return 50;
        try {
            int v = Integer.parseInt(s);
            if (v >= 1 && v <= 1000) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid(
                List.of(new FieldError("limit", "must be a whole number from 1 to 1000, got '" + s + "'")));
    }

    private void answer(RoutingContext ctx, int status, Callable<Object> work) {
        vertx.executeBlocking(work, false)
                .onSuccess(r -> {
                    if (status == 201 && r instanceof Map<?, ?> m)
                        ctx.response().putHeader("Location", "/api/v1/webhooks/" + m.get("id"));
                    if (r == null) ctx.response().setStatusCode(status).end();
                    else {
                        try {
                            ctx.response()
                                    .setStatusCode(status)
                                    .putHeader("Content-Type", "application/json")
                                    .end(Json.MAPPER.writeValueAsString(r));
                        } catch (Exception e) {
                            ctx.fail(e);
                        }
                    }
                })
                .onFailure(ctx::fail);
    }
}
