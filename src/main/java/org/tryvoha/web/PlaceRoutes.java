package org.tryvoha.web;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.http.Validated;
import org.tryvoha.zone.Place;
import org.tryvoha.zone.PlaceArea;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * What the resident page needs, and no more: places by name ({@code GET /api/v1/places?q=}), one
 * place's zone chain ({@code GET /api/v1/places/{zone}}) and its map area ({@code GET
 * /api/v1/places/{zone}/area}, GeoJSON with a validator). Answered from memory; the areas are built
 * once per zone and kept.
 */
final class PlaceRoutes {
    private final ZoneTree tree;
    private final Map<String, byte[]> areas = new ConcurrentHashMap<>();

    PlaceRoutes(ZoneTree tree) {
        this.tree = tree;
    }

    /** A zone as the resident page shows it. */
    record ZoneRef(String id, String level, String nameUk, String nameEn, int shelterSeconds) {
        static ZoneRef of(Zone z) {
            return z == null ? null : new ZoneRef(z.id(), z.level().wire(), z.nameUk(), z.nameEn(), z.shelterSeconds());
        }
    }

    record PlaceView(String nameUk, String nameEn, String kind, String matched, ZoneRef zone, List<ZoneRef> within) {}

    void search(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        String q = ctx.request().getParam("q");
        if (q == null || q.isBlank() || q.length() > 100)
            errs.add(new FieldError("q", "give 1-100 characters of a place name, e.g. q=Одеса or q=Odessa"));
        int limit = Http.intParam(ctx, "limit", 10, 1, 50, errs);
        Http.check(errs);
        List<PlaceView> out = new ArrayList<>();
        for (Place p : tree.places(q, limit)) {
            List<ZoneRef> within = new ArrayList<>();
            for (Zone z = p.zone().parent(); z != null && z.parent() != null; z = z.parent()) within.add(ZoneRef.of(z));
            out.add(new PlaceView(p.nameUk(), p.nameEn(), p.kind().wire(), p.matched(), ZoneRef.of(p.zone()), within));
        }
        Http.json(ctx, 200, Map.of("places", out));
    }

    void one(RoutingContext ctx) {
        Zone z = zone(ctx.pathParam("zone"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", ZoneRef.of(z));
        out.put("chain", tree.chain(z).stream().map(ZoneRef::of).toList());
        double[] p = PlaceArea.inside(z);
        out.put("point", Map.of("lat", p[0], "lon", p[1]));
        out.put("inside", PlaceArea.inside(tree, z));
        Http.json(ctx, 200, out);
    }

    void area(RoutingContext ctx) {
        Zone z = zone(ctx.pathParam("zone"));
        byte[] bytes = areas.computeIfAbsent(z.id(), k -> PlaceArea.geoJson(z));
        Validated.send(ctx, bytes, "application/geo+json", "public, max-age=3600");
    }

    private Zone zone(String id) {
        return tree.get(id)
                .orElseThrow(() -> new ProblemException(
                        ErrorCode.NOT_FOUND,
                        "no zone with id '" + id + "'; find places with GET /api/v1/places?q=NAME"));
    }
}
