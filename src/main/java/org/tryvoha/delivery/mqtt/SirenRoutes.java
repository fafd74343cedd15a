package org.tryvoha.delivery.mqtt;

import io.vertx.ext.web.Router;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.http.Pages;
import org.tryvoha.json.Json;
import org.tryvoha.security.Guard;

/** {@code GET /api/v1/sirens} (the fleet and the MQTT connection) and the {@code /sirens} page. */
public final class SirenRoutes {
    private static final String CSP = Guard.PAGE_CSP; // no inline styles

    private SirenRoutes() {}

    public static void mount(Router r, MqttDelivery mqtt) {
        r.get("/api/v1/sirens").handler(ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("mqtt", mqtt.status());
            body.putAll(mqtt.fleet().view());
            try {
                ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(Json.MAPPER.writeValueAsString(body));
            } catch (IOException e) {
                ctx.fail(e);
            }
        });
        r.get("/sirens").handler(Pages.page("sirens.html", CSP));
    }
}
