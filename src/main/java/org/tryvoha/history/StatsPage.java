package org.tryvoha.history;

import io.vertx.ext.web.Router;

/** The {@code /stats} page (resources/web/stats.html; its script and style are served with the other web assets). */
final class StatsPage {
  private static final String CSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private StatsPage() {}

  static void mount(Router r) {
    r.get("/stats").handler(org.tryvoha.web.Pages.page("stats.html", CSP));
  }
}
