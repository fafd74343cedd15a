package org.tryvoha.cap;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.io.IOException;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.auth.Operators;
import org.tryvoha.config.Config;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.http.PublicUrl;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/**
 * CAP 1.2: {@code POST /api/v1/cap} (import, through the gate), {@code GET /api/v1/cap/feed.atom}
 * and {@code GET /api/v1/alerts/{id}.cap}. Mount before the REST API, so that last route is CAP's.
 */
public final class CapFeature implements Feature {
    private final CapRoutes cap;

    private CapFeature(CapRoutes cap) {
        this.cap = cap;
    }

    /** From the {@code cap-*} settings (reads the trusted certificates, if any). */
    public static CapFeature create(
            Vertx vertx,
            Config.Source settings,
            ZoneTree tree,
            ZoneReach reach,
            AlertStore store,
            AlertGate gate,
            Operators operators,
            EventSigner signer)
            throws IOException {
        Cap cap = Cap.create(CapSettings.from(settings), tree);
        return new CapFeature(
                new CapRoutes(vertx, cap, tree, reach, store, gate, operators, signer, PublicUrl.from(settings)));
    }

    @Override
    public void mount(Routes routes) {
        Router r = routes.router();
        r.route(HttpMethod.POST, "/api/v1/cap").handler(routes.body()).handler(cap::importCap);
        r.get("/api/v1/cap/feed.atom").handler(cap::feed);
        r.getWithRegex("/api/v1/alerts/([^/]+)\\.cap").handler(cap::export);
    }
}
