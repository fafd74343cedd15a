package org.tryvoha.cap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.tryvoha.cap.CapMessage.CapArea;
import org.tryvoha.cap.CapMessage.Located;
import org.tryvoha.cap.CapMessage.Pair;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.Area;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Resolves CAP {@code <area>}s to zones. An area whose {@code <geocode>}s name zones (valueName
 * {@code KATOTTG} or {@code tryvoha:zone}) targets exactly those zones, and its polygons and circles
 * are taken as drawings of them; otherwise its polygons and circles target every hromada-level zone
 * they intersect. A circle becomes a 32-gon in a local metric projection (radius 0: its centre).
 */
final class CapAreas {
    static final int CIRCLE_VERTICES = 32;
    static final double MAX_RADIUS_KM = 1000;
    private static final double EARTH_RADIUS_KM = 6371.0088;
    private static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);

    private CapAreas() {}

    /** True when a geocode's valueName names Tryvoha zone ids. */
    static boolean zoneCode(String valueName) {
        if (valueName == null) return false;
        String n = valueName.strip().toLowerCase(Locale.ROOT);
        return n.equals("katottg") || n.equals("tryvoha:zone");
    }

    /** Adds the zones of every area of one info to {@code out}; each problem goes to {@code errs}. */
    static void resolve(
            List<CapArea> areas, ZoneTree tree, Set<String> out, List<FieldError> errs, int[] vertexBudget) {
        for (CapArea a : areas) {
            Set<String> zones = new LinkedHashSet<>();
            boolean coded = false;
            for (Pair g : a.geocodes()) {
                if (!zoneCode(g.name())) continue;
                coded = true;
                String id = g.value() == null ? "" : g.value().strip();
                if (tree.get(id).isPresent()) zones.add(id);
                else
                    errs.add(new FieldError(
                            g.path(),
                            "unknown zone id '" + id + "'; find ids with GET /api/v1/zones/at?lat=..&lon=.."));
            }
            if (!coded) {
                for (Located p : a.polygons()) geometry(polygon(p, errs, vertexBudget), p, tree, zones, errs);
                for (Located c : a.circles()) geometry(circle(c, errs), c, tree, zones, errs);
                if (zones.isEmpty() && a.polygons().isEmpty() && a.circles().isEmpty()) {
                    errs.add(
                            new FieldError(
                                    a.path(),
                                    "the area has no polygon, circle or zone geocode, so it names no place Tryvoha knows;"
                                            + " add <geocode><valueName>KATOTTG</valueName><value>UA63000000000041885</value></geocode> or a polygon"));
                }
            }
            out.addAll(zones);
        }
    }

    private static void geometry(Geometry g, Located where, ZoneTree tree, Set<String> zones, List<FieldError> errs) {
        if (g == null) return;
        List<Zone> hit = tree.leavesIntersecting(g);
        if (hit.isEmpty()) {
            errs.add(new FieldError(
                    where.path(),
                    "covers no zone Tryvoha knows (CAP coordinates are lat,lon; is it outside the country?)"));
        }
        hit.forEach(z -> zones.add(z.id()));
    }

    private static Geometry polygon(Located p, List<FieldError> errs, int[] budget) {
        String[] pairs = p.text().strip().split("\\s+");
        budget[0] -= pairs.length;
        if (budget[0] < 0) {
            errs.add(new FieldError(
                    p.path(),
                    "the message has more than " + Area.MAX_VERTICES
                            + " polygon vertices; simplify them or use zone geocodes"));
            return null;
        }
        Coordinate[] cs = new Coordinate[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            double[] ll = CapRules.latLon(pairs[i]);
            cs[i] = new Coordinate(ll[1], ll[0]);
        }
        Geometry g = GF.createPolygon(cs);
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            errs.add(new FieldError(
                    p.path(),
                    "invalid polygon: " + err.getMessage() + " near " + err.getCoordinate().y + ","
                            + err.getCoordinate().x));
            return null;
        }
        return g;
    }

    private static Geometry circle(Located c, List<FieldError> errs) {
        String[] parts = c.text().strip().split("\\s+");
        double[] centre = CapRules.latLon(parts[0]);
        double radius = Double.parseDouble(parts[1]);
        if (radius > MAX_RADIUS_KM) {
            errs.add(new FieldError(
                    c.path(),
                    "a circle of radius " + parts[1] + " km is larger than Tryvoha accepts (" + (int) MAX_RADIUS_KM
                            + " km); target zones instead"));
            return null;
        }
        if (radius == 0) return GF.createPoint(new Coordinate(centre[1], centre[0]));
        return GF.createPolygon(circleRing(centre[0], centre[1], radius));
    }

    /** A closed ring of {@link #CIRCLE_VERTICES} points around the centre, in an azimuthal projection. */
    static Coordinate[] circleRing(double lat, double lon, double radiusKm) {
        Coordinate[] ring = new Coordinate[CIRCLE_VERTICES + 1];
        double cosLat = Math.max(Math.cos(Math.toRadians(lat)), 1e-6);
        for (int i = 0; i < CIRCLE_VERTICES; i++) {
            double bearing = 2 * Math.PI * i / CIRCLE_VERTICES;
            double north = radiusKm * Math.cos(bearing), east = radiusKm * Math.sin(bearing);
            double la = lat + Math.toDegrees(north / EARTH_RADIUS_KM);
            double lo = lon + Math.toDegrees(east / (EARTH_RADIUS_KM * cosLat));
            ring[i] = new Coordinate(Math.max(-180, Math.min(180, lo)), Math.max(-90, Math.min(90, la)));
        }
        ring[CIRCLE_VERTICES] = ring[0].copy();
        return ring;
    }
}
