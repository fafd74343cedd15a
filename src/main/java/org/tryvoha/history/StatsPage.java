package org.tryvoha.history;

import io.vertx.ext.web.Router;
import org.tryvoha.http.Pages;
import org.tryvoha.security.Guard;

/** The {@code /stats} page (resources/web/stats.html; its script and style are served with the other web assets). */
final class StatsPage {
    private static final String CSP = Guard.PAGE_CSP; // the other pages' policy: nothing inline

    private StatsPage() {}

    static void mount(Router r) {
        r.get("/stats").handler(Pages.page("stats.html", CSP));
    }
}
