package org.tryvoha.history;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;

/** The {@code /stats} page (resources/web/stats.html; its script and style are served with the other web assets). */
final class StatsPage {
  private static final String CSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  private static final Buffer PAGE = page();

  private StatsPage() {}

  static void mount(Router r) {
    r.get("/stats").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff").end(PAGE));
  }

  private static Buffer page() {
    try (InputStream in = StatsPage.class.getResourceAsStream("/web/stats.html")) {
      if (in == null) throw new IllegalStateException("missing resource /web/stats.html");
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /web/stats.html", e);
    }
  }
}
