package org.tryvoha.delivery.mqtt;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.Json;

/** {@code GET /api/v1/sirens} (the fleet and the MQTT connection) and the {@code /sirens} page. */
public final class SirenRoutes {
  private static final String CSP = org.tryvoha.security.Guard.PAGE_CSP; // issue 4: no inline styles
  private static final Buffer PAGE = page();

  private SirenRoutes() {}

  public static void mount(Router r, MqttDelivery mqtt) {
    r.get("/api/v1/sirens").handler(ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("mqtt", mqtt.status());
      body.putAll(mqtt.fleet().view());
      try {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(Json.MAPPER.writeValueAsString(body));
      } catch (IOException e) {
        ctx.fail(e);
      }
    });
    r.get("/sirens").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff").end(PAGE));
  }

  private static Buffer page() {
    try (InputStream in = SirenRoutes.class.getResourceAsStream("/web/sirens.html")) {
      if (in == null) throw new IllegalStateException("missing resource /web/sirens.html");
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /web/sirens.html", e);
    }
  }
}
