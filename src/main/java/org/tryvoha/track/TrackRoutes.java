package org.tryvoha.track;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.http.Http;
import org.tryvoha.json.Json;

/**
 * {@code /api/v1/tracks}: the feed (POST), live threat areas as GeoJSON, counters, proposals and their
 * confirmation. Every endpoint needs an operator key (an account or a {@code tvk_} key, as every
 * operator endpoint): reading needs any role, posting reports and confirming the role operator.
 * Automatic alerts are made through the alert gate as the feed principal, which writes their audit
 * entries; a batch that was taken gets no entry of its own, a refused one does. Key checks and
 * parsing run on a worker thread, the engine on its own thread; the event loop only answers.
 */
public final class TrackRoutes {
    private final Vertx vertx;
    private final TrackFeed feed;
    private final Operators operators;

    public TrackRoutes(Vertx vertx, TrackFeed feed, Operators operators) {
        this.vertx = vertx;
        this.feed = feed;
        this.operators = operators;
    }

    private record Batch(Principal sender, List<TrackReport> reports) {}

    public void post(RoutingContext ctx) {
        ctx.put(OpsHttp.ACTION, "track.report");
        String secret = OpsHttp.bearer(ctx);
        String text = ctx.body() == null ? null : ctx.body().asString();
        String type = ctx.request().getHeader("Content-Type");
        Future<Batch> parsed = vertx.executeBlocking(
                () -> {
                    Principal p = OpsHttp.authenticate(ctx, operators, secret);
                    Access.requireRole(p, Role.OPERATOR, "send track reports");
                    if (text != null
                            && !text.isBlank()
                            && (type == null || !type.toLowerCase().startsWith("application/json"))) {
                        throw new ProblemException(
                                ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body with Content-Type: application/json");
                    }
                    return new Batch(
                            p, TrackReports.parseText(text, feed.settings().batchMax(), feed.stats()));
                },
                false);
        parsed.compose(b -> Future.fromCompletionStage(feed.submit(b.reports(), b.sender())))
                .onSuccess(r -> {
                    OpsHttp.audited(ctx); // the gate audits each alert change the batch causes
                    Http.json(ctx, 200, r);
                })
                .onFailure(t -> ctx.fail(unwrap(t)));
    }

    public void list(RoutingContext ctx) {
        authorized(ctx, () -> geoJson(feed.views()));
    }

    public void stats(RoutingContext ctx) {
        authorized(ctx, () -> {
            Map<String, Object> out = new LinkedHashMap<>(feed.stats().asMap());
            out.put("live_tracks", feed.liveTracks());
            return out;
        });
    }

    public void proposals(RoutingContext ctx) {
        authorized(ctx, () -> {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (TrackView v : feed.views()) {
                if (v.pendingZones().isEmpty()) continue;
                ObjectNode o = arr.addObject();
                o.put("track_id", v.trackId());
                o.put("class", v.threatClass().wire());
                o.put("alert_type", v.threatClass().alertType.wire());
                o.set("zones", Json.MAPPER.valueToTree(v.pendingZones()));
                o.put("since", v.pendingSince().toString());
                o.put("deadline", v.deadline() == null ? null : v.deadline().toString());
                o.put("confirm", "/api/v1/tracks/" + v.trackId() + "/confirm");
            }
            return Map.of("proposals", arr);
        });
    }

    /** The confirmation is recorded by the audit recorder ({@code track.confirm}); the alert changes it causes by the gate. */
    public void confirm(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.put(OpsHttp.ACTION, "track.confirm");
        ctx.put(OpsHttp.TARGET, id);
        String secret = OpsHttp.bearer(ctx);
        vertx.executeBlocking(() -> OpsHttp.authenticate(ctx, operators, secret), false)
                .compose(who -> Future.fromCompletionStage(feed.confirm(id, who)))
                .onSuccess(v -> Http.json(ctx, 200, feature(v)))
                .onFailure(t -> ctx.fail(unwrap(t)));
    }

    /** The live tracks as a GeoJSON FeatureCollection of their threat areas (Polygon; null geometry once ended). */
    static ObjectNode geoJson(Iterable<TrackView> views) {
        ObjectNode fc = Json.MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        for (TrackView v : views) features.add(feature(v));
        return fc;
    }

    static ObjectNode feature(TrackView v) {
        ObjectNode f = Json.MAPPER.createObjectNode();
        f.put("type", "Feature");
        f.put("id", v.trackId());
        if (v.corridor() instanceof Polygon p) f.set("geometry", polygon(p));
        else f.putNull("geometry");
        ObjectNode props = f.putObject("properties");
        props.put("track_id", v.trackId());
        props.put("class", v.threatClass().wire());
        props.put("alert_type", v.threatClass().alertType.wire());
        TrackReport r = v.last();
        props.put("time", r.time().toString());
        if (r.hasPosition()) {
            props.put("lat", r.lat());
            props.put("lon", r.lon());
            props.put("speed", Math.round(r.speed()));
            props.put("heading", Math.round((Math.toDegrees(Math.atan2(r.east(), r.north())) + 360) % 360));
        }
        if (v.impact() != null) {
            ObjectNode impact = props.putObject("impact");
            impact.put("lat", Math.round(v.impact().lat() * 1e5) / 1e5);
            impact.put("lon", Math.round(v.impact().lon() * 1e5) / 1e5);
            impact.put("seconds_to_impact", Math.round(v.impact().timeToImpact() * 10) / 10.0);
            impact.put("ellipse_95_km2", Math.round(v.impact().areaKm2(ImpactEllipse.K95) * 100) / 100.0);
        }
        props.put("alert_id", v.alertId());
        props.set("warned_zones", Json.MAPPER.valueToTree(v.warnedZones()));
        props.set("pending_zones", Json.MAPPER.valueToTree(v.pendingZones()));
        props.put("end", v.end() == null ? null : v.end().wire());
        props.put("early_alert_id", v.earlyAlertId());
        props.set("early_zones", Json.MAPPER.valueToTree(v.earlyZones()));
        return f;
    }

    private static ObjectNode polygon(Polygon p) {
        ObjectNode g = Json.MAPPER.createObjectNode();
        g.put("type", "Polygon");
        ArrayNode ring = g.putArray("coordinates").addArray();
        for (Coordinate c : p.getExteriorRing().getCoordinates()) {
            ring.addArray().add(Math.round(c.x * 1e5) / 1e5).add(Math.round(c.y * 1e5) / 1e5);
        }
        return g;
    }

    private <T> void authorized(RoutingContext ctx, Callable<T> answer) {
        String secret = OpsHttp.bearer(ctx);
        vertx.executeBlocking(
                        () -> {
                            Access.requireRole(
                                    OpsHttp.authenticate(ctx, operators, secret), Role.VIEWER, "read the track feed");
                            return answer.call();
                        },
                        false)
                .onSuccess(r -> Http.json(ctx, 200, r))
                .onFailure(ctx::fail);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
