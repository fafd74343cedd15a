package org.tryvoha.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.http.Http;
import org.tryvoha.http.ProblemHandler;
import org.tryvoha.store.AlertStore.StoreException;

/**
 * The node's own routes: readiness ({@code GET /api/v1/ready}), Prometheus metrics ({@code GET
 * /metrics}), the refusal of operator writes on an edge node, and a 503 naming the store when the
 * store cannot be reached. Mount first, before the API routes.
 */
public final class NodeRoutes {
    private NodeRoutes() {}

    public static void mount(Router r, Vertx vertx) {
        Node node = Node.of(vertx);
        if (node == null) return;
        r.get("/api/v1/ready").handler(ctx -> ready(ctx, vertx, node));
        r.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(node.metrics().scrape()));
        if (!node.cluster().role().writes()) {
            for (HttpMethod m :
                    new HttpMethod[] {HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT, HttpMethod.DELETE}) {
                r.route(m, "/api/v1/*").handler(NodeRoutes::refuseWrite);
            }
        }
        r.route().failureHandler(NodeRoutes::storeUnavailable);
    }

    private static void ready(RoutingContext ctx, Vertx vertx, Node node) {
        vertx.executeBlocking(node::runChecks, false).onComplete(ar -> {
            Map<String, Object> body = new LinkedHashMap<>();
            Map<String, Node.Check> checks =
                    ar.succeeded() ? ar.result() : Map.of("checks", Node.Check.down(String.valueOf(ar.cause())));
            boolean ready = checks.values().stream().noneMatch(c -> c.status().equals("down"));
            body.put("status", ready ? "ready" : "not_ready");
            body.put("node", node.cluster().nodeId());
            body.put("role", node.cluster().role().name().toLowerCase());
            body.put("components", checks);
            Http.json(ctx, ready ? 200 : 503, body);
        });
    }

    private static void refuseWrite(RoutingContext ctx) {
        ProblemHandler.send(
                ctx.response(),
                new ProblemException(
                        ErrorCode.UNAVAILABLE,
                        "this node has role = edge: it serves subscribers and reads but takes no operator writes; send writes to a node "
                                + "with role = writer or both (setting role, env TRYVOHA_ROLE, flag --role)"),
                ctx.request().path());
    }

    private static void storeUnavailable(RoutingContext ctx) {
        if (!(ctx.failure() instanceof StoreException e)) {
            ctx.next();
            return;
        }
        ProblemHandler.send(
                ctx.response(),
                new ProblemException(
                        ErrorCode.UNAVAILABLE,
                        "the event log cannot be reached, so nothing was acknowledged: " + e.getMessage()
                                + "; retry in a few seconds (when the message says the outcome is unknown, check GET /api/v1/events first)"),
                ctx.request().path());
    }
}
