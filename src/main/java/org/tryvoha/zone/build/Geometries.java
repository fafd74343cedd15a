package org.tryvoha.zone.build;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/** Geometry repair for generation: valid, polygonal, snapped to 5 decimals (~1 m). */
final class Geometries {
    static final PrecisionModel FIVE_DECIMALS = new PrecisionModel(1e5);
    /** Holes smaller than this (square degrees, ~1 km²) in the country outline are slivers. */
    private static final double SLIVER = 1.5e-4;

    private Geometries() {}

    /** Repaired, snapped to the 5-decimal grid (which keeps it valid), polygons only. */
    static Geometry clean(Geometry g, GeometryFactory gf) {
        Geometry fixed = GeometryFixer.fix(g);
        Geometry reduced = GeometryPrecisionReducer.reduce(fixed, FIVE_DECIMALS);
        List<Polygon> polygons = new ArrayList<>();
        PolygonExtracter.getPolygons(reduced, polygons);
        polygons.removeIf(Geometry::isEmpty);
        if (polygons.size() == 1) return gf.createGeometry(polygons.get(0));
        return gf.createMultiPolygon(
                polygons.stream().map(p -> (Polygon) gf.createGeometry(p)).toArray(Polygon[]::new));
    }

    /** The outline without sliver holes, simplified with the given tolerance (degrees). */
    static Geometry simplifyOutline(Geometry g, double tolerance, GeometryFactory gf) {
        List<Polygon> polygons = new ArrayList<>();
        PolygonExtracter.getPolygons(g, polygons);
        List<Polygon> kept = new ArrayList<>();
        for (Polygon p : polygons) {
            List<LinearRing> holes = new ArrayList<>();
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                LinearRing hole = p.getInteriorRingN(i);
                if (gf.createPolygon(hole.getCoordinateSequence()).getArea() >= SLIVER) holes.add(hole);
            }
            Polygon q = gf.createPolygon(p.getExteriorRing(), holes.toArray(LinearRing[]::new));
            if (q.getArea() >= SLIVER) kept.add(q);
        }
        Geometry outline = gf.createMultiPolygon(kept.toArray(Polygon[]::new));
        return clean(TopologyPreservingSimplifier.simplify(outline, tolerance), gf);
    }
}
