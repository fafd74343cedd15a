package org.tryvoha.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.auth.Operators;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.state.ZoneState;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/**
 * The REST API of alerts and zones: raise, update, cancel and read alerts, the event log, zones
 * and their status. Mount after the CAP routes, so {@code GET /api/v1/alerts/{id}.cap} is theirs.
 */
public final class ApiFeature implements Feature {
    private final AlertRoutes alerts;
    private final ZoneRoutes zones;

    public ApiFeature(
            Vertx vertx,
            AlertStore store,
            ZoneReach reach,
            Operators operators,
            AlertGate gate,
            EventSigner signer,
            ZoneTree tree,
            ZoneState state) {
        this.alerts = new AlertRoutes(vertx, store, reach, operators, gate).signedBy(signer);
        this.zones = new ZoneRoutes(tree, state);
    }

    @Override
    public void mount(Routes routes) {
        Router r = routes.router();
        r.get("/api/v1/zones").handler(zones::list);
        r.get("/api/v1/zones/at").handler(zones::at);
        r.get("/api/v1/zones/search").handler(zones::search);
        r.get("/api/v1/zones/geojson").handler(zones::geoJson);
        r.get("/api/v1/zones/:id").handler(zones::one);
        r.get("/api/v1/zones/:id/status").handler(zones::status);
        r.get("/api/v1/status").handler(zones::statuses);

        r.route(HttpMethod.POST, "/api/v1/alerts").handler(routes.body()).handler(alerts::raise);
        r.get("/api/v1/alerts").handler(alerts::list);
        r.get("/api/v1/alerts/:id").handler(alerts::get);
        r.route(HttpMethod.PATCH, "/api/v1/alerts/:id").handler(routes.body()).handler(alerts::update);
        r.route(HttpMethod.POST, "/api/v1/alerts/:id/cancel")
                .handler(routes.body())
                .handler(alerts::cancel);
        r.get("/api/v1/events").handler(alerts::events);
    }
}
