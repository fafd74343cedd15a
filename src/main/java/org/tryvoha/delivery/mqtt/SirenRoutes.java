package org.tryvoha.delivery.mqtt;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Role;
import org.tryvoha.http.Http;
import org.tryvoha.http.Pages;
import org.tryvoha.security.Guard;

/**
 * {@code GET /api/v1/sirens} (the fleet and the MQTT connection) for operators only, and the
 * {@code /sirens} page. The fleet names where each siren stands, which ones failed, and the broker:
 * it takes an operator key (any role, viewer and up), like the console. The page itself is a shell
 * with no data in it: it asks for the key and sends it with every request.
 */
public final class SirenRoutes {
    private static final String CSP = Guard.PAGE_CSP; // no inline styles

    private SirenRoutes() {}

    public static void mount(Router r, Vertx vertx, Operators operators, MqttDelivery mqtt) {
        r.get("/api/v1/sirens").handler(ctx -> {
            String secret = OpsHttp.bearer(ctx);
            vertx.executeBlocking(
                            () -> {
                                Access.requireRole(
                                        OpsHttp.authenticate(ctx, operators, secret),
                                        Role.VIEWER,
                                        "watch the siren fleet");
                                return body(mqtt);
                            },
                            false)
                    .onSuccess(body -> {
                        ctx.response().putHeader("Cache-Control", "no-store");
                        Http.json(ctx, 200, body);
                    })
                    .onFailure(ctx::fail);
        });
        r.get("/sirens").handler(Pages.page("sirens.html", CSP));
    }

    private static Map<String, Object> body(MqttDelivery mqtt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mqtt", mqtt.status());
        body.putAll(mqtt.fleet().view());
        return body;
    }
}
