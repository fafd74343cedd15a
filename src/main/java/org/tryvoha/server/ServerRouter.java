package org.tryvoha.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.http.Http;
import org.tryvoha.http.ProblemHandler;

/**
 * One event loop's router: every feature's routes in the composition root's order, then the
 * server's own ({@code /}, health, the OpenAPI document), a 404 for the rest, and one failure
 * handler that renders every problem.
 */
final class ServerRouter {
    private static final Buffer OPENAPI = Buffer.buffer(resource("/api/openapi.json"));

    private ServerRouter() {}

    /** @param health the health document ({@code seq}, {@code subscribers}) */
    static Router build(Vertx vertx, List<Feature> features, int maxBodyBytes, Supplier<Map<String, Object>> health) {
        Router r = Router.router(vertx);
        Routes routes = new Routes(vertx, r, BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        for (Feature f : features) f.mount(routes);
        r.get("/").handler(ctx -> Http.json(ctx, 200, Map.of("name", "Tryvoha", "api", "/api/v1/openapi.json")));
        r.get("/api/v1/health").handler(ctx -> Http.json(ctx, 200, health.get()));
        r.get("/api/v1/openapi.json")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .end(OPENAPI));
        r.route().last().handler(ctx -> ctx.fail(404));
        r.route().failureHandler(ProblemHandler::handle);
        return r;
    }

    private static byte[] resource(String path) {
        try (InputStream in = ServerRouter.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
