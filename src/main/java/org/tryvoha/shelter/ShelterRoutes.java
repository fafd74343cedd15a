package org.tryvoha.shelter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;
import org.tryvoha.stream.Anchors;

/** {@code GET /api/v1/shelters/near} and {@code GET /api/v1/shelters?bbox=}: answered from memory. */
public final class ShelterRoutes {
    public static final int MAX_NEAR = 20;
    public static final int MAX_BOX = 2000;
    private final ShelterIndex index;

    public ShelterRoutes(ShelterIndex index) {
        this.index = index;
    }

    /** A shelter as JSON, with its distance and walking time when known. */
    public record View(
            String id,
            String address,
            double lat,
            double lon,
            String kind,
            String category,
            Boolean stepFree,
            Long distanceM,
            Long walkSeconds) {
        static View of(Shelter s, ShelterIndex.Near n) {
            return new View(
                    s.id(),
                    s.address(),
                    s.lat(),
                    s.lon(),
                    s.kind(),
                    s.category(),
                    s.stepFree(),
                    n == null ? null : Math.round(n.distanceM()),
                    n == null ? null : n.walkSeconds());
        }
    }

    /** {@code ?lat=&lon=&limit=}: the nearest shelters, nearest first, with straight-line distance and walking time. */
    public void near(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        double[] p = Anchors.point(ctx.request().getParam("lat"), ctx.request().getParam("lon"), errs);
        int limit = intParam(ctx.request().getParam("limit"), 3, 1, MAX_NEAR, "limit", errs);
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "shelters",
                index.nearest(p[0], p[1], limit).stream()
                        .map(n -> View.of(n.shelter(), n))
                        .toList());
        out.put("walking_speed_mps", ShelterIndex.WALKING_SPEED_MPS);
        out.put("max_distance_m", (long) ShelterIndex.MAX_DISTANCE_M);
        out.put("distance", "straight line; the path on foot is longer");
        out.put("source", index.source());
        json(ctx, out);
    }

    /** {@code ?bbox=minLon,minLat,maxLon,maxLat&limit=}: shelters in a box, for a map. */
    public void box(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        String bbox = ctx.request().getParam("bbox");
        double[] b = null;
        if (bbox == null)
            errs.add(new FieldError("bbox", "give bbox=minLon,minLat,maxLon,maxLat, e.g. bbox=30.4,50.4,30.6,50.5"));
        else {
            b = box(bbox);
            if (b == null)
                errs.add(new FieldError(
                        "bbox", "'" + bbox + "' is not minLon,minLat,maxLon,maxLat with min <= max, in degrees"));
        }
        int limit = intParam(ctx.request().getParam("limit"), 500, 1, MAX_BOX, "limit", errs);
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        List<View> hits = index.inBox(b[0], b[1], b[2], b[3], limit + 1).stream()
                .map(s -> View.of(s, null))
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shelters", hits.size() > limit ? hits.subList(0, limit) : hits);
        out.put("truncated", hits.size() > limit);
        out.put("source", index.source());
        json(ctx, out);
    }

    private static double[] box(String s) {
        String[] p = s.split(",");
        if (p.length != 4) return null;
        double[] b = new double[4];
        try {
            for (int i = 0; i < 4; i++) b[i] = Double.parseDouble(p[i].strip());
        } catch (NumberFormatException e) {
            return null;
        }
        boolean ok = b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90 && b[0] <= b[2] && b[1] <= b[3];
        return ok ? b : null;
    }

    private static int intParam(String s, int def, int min, int max, String name, List<FieldError> errs) {
        if (s == null) return def;
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errs.add(new FieldError(name, "must be a whole number from " + min + " to " + max + ", got '" + s + "'"));
        return def;
    }

    private static void json(RoutingContext ctx, Object body) {
        try {
            ctx.response().putHeader("Content-Type", "application/json").end(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
