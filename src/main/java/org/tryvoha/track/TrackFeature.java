package org.tryvoha.track;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.time.Clock;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.auth.Operators;
import org.tryvoha.config.Config;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.zone.ZoneTree;

/**
 * Threat tracks: reports over HTTP ({@code /api/v1/tracks}) and, when a subject is set, over NATS;
 * the engine that turns them into alerts through the gate, as the feed principal; proposals an
 * operator confirms.
 */
public final class TrackFeature implements Feature {
    private final TrackFeed feed;
    private final TrackRoutes tracks;
    private final TrackNats nats;

    private TrackFeature(TrackFeed feed, TrackRoutes tracks, TrackNats nats) {
        this.feed = feed;
        this.tracks = tracks;
        this.nats = nats;
    }

    /**
     * From the {@code track-*} and {@code early-warning-*} settings; {@code writes} false on an edge
     * node, which takes no reports from NATS.
     */
    public static TrackFeature start(
            Vertx vertx, Config.Source settings, ZoneTree tree, AlertGate gate, Operators operators, boolean writes) {
        TrackFeed feed = new TrackFeed(
                tree, gate, operators, Clock.systemUTC(), TrackSettings.from(settings), EarlyWarning.from(settings));
        TrackNats nats = writes ? TrackNats.start(TrackNats.Settings.from(settings), feed, operators) : null;
        return new TrackFeature(feed, new TrackRoutes(vertx, feed, operators), nats);
    }

    @Override
    public void mount(Routes routes) {
        Router r = routes.router();
        r.route(HttpMethod.POST, "/api/v1/tracks").handler(routes.body()).handler(tracks::post);
        r.get("/api/v1/tracks").handler(tracks::list);
        r.get("/api/v1/tracks/stats").handler(tracks::stats);
        r.get("/api/v1/tracks/proposals").handler(tracks::proposals);
        r.route(HttpMethod.POST, "/api/v1/tracks/:id/confirm")
                .handler(routes.body())
                .handler(tracks::confirm);
    }

    /** Stops taking reports (NATS first), then the engine, before the store closes. */
    @Override
    public void close() {
        if (nats != null) nats.close();
        feed.close();
    }
}
