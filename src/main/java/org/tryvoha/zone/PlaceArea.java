package org.tryvoha.zone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * What a resident's page needs to draw one place: the zone and its neighbours (the other zones under
 * the same parent), simplified for a map zoomed to the place, as a GeoJSON FeatureCollection; and a
 * point well inside the zone (for nearest shelters and the map's centre). Stateless, thread-safe.
 */
public final class PlaceArea {
    /** ~50–110 m here: finer than a phone's pixel at the zoom that fits a hromada. */
    static final double PLACE_TOLERANCE = 0.0008;
    /** Neighbours are context only: ~200–300 m. */
    static final double NEIGHBOUR_TOLERANCE = 0.0025;

    private PlaceArea() {}

    /**
     * Features with properties {@code id}, {@code level}, {@code parent}, {@code name_uk}, {@code
     * name_en}, {@code shelter_seconds}, {@code role} ({@code place} or {@code neighbour}); the
     * place first. UTF-8 bytes.
     */
    public static byte[] geoJson(Zone z) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (GeoJsonWriter w = new GeoJsonWriter(out, 4)) {
            w.feature(props(z, "place"), TopologyPreservingSimplifier.simplify(z.geometry(), PLACE_TOLERANCE));
            List<Zone> around = z.parent() == null ? List.of() : z.parent().children();
            for (Zone n : around) {
                if (n == z) continue;
                w.feature(
                        props(n, "neighbour"),
                        TopologyPreservingSimplifier.simplify(n.geometry(), NEIGHBOUR_TOLERANCE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A point inside the zone, far from its edges (the centre of its largest inscribed circle): {lat, lon}. */
    public static double[] inside(Zone z) {
        Geometry g = z.geometry();
        Geometry largest = g;
        for (int i = 0; i < g.getNumGeometries(); i++)
            if (g.getGeometryN(i).getArea() > (largest == g ? 0 : largest.getArea())) largest = g.getGeometryN(i);
        Point p = MaximumInscribedCircle.getCenter(largest, 0.001);
        return new double[] {round(p.getY()), round(p.getX())};
    }

    /** The zones below z (all levels), for telling whether an alert's zone lies inside the place. */
    public static List<String> inside(ZoneTree tree, Zone z) {
        return tree.descendants(z).stream().map(Zone::id).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private static Map<String, Object> props(Zone z, String role) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", z.id());
        p.put("level", z.level().wire());
        p.put("parent", z.parent() == null ? null : z.parent().id());
        p.put("name_uk", z.nameUk());
        p.put("name_en", z.nameEn());
        p.put("shelter_seconds", z.shelterSeconds());
        p.put("role", role);
        return p;
    }
}
