package org.tryvoha.track;

import static org.tryvoha.track.ThreatArea.MAX_STEPS;
import static org.tryvoha.track.ThreatArea.MIN_STEP_SECONDS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.tryvoha.track.ThreatArea.Calculator;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The threat area with JTS: every step's polygon and range disc as a JTS polygon, each leaf near the
 * corridor tested with prepared-geometry intersects. The reference the fast computation ({@link
 * StepHulls}) must never fall short of. The motion model (where it ends, the bound's support at each
 * instant) is {@link Calculator}'s own; the polygons are built here independently, by cutting a large
 * square with each half-plane, so the two differ only in how they find the zones those shapes meet.
 */
final class JtsThreatAreaReference {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final int N = TurnBound.DIRECTIONS;
    private final ZoneTree tree;
    private final Map<Zone, PreparedGeometry> prepared = new IdentityHashMap<>();

    JtsThreatAreaReference(ZoneTree tree) {
        this.tree = tree;
    }

    ThreatArea compute(TrackReport r, double horizon, double etaHorizon) {
        LocalProjection proj = LocalProjection.around(r.lat(), r.lon());
        double sMax = ThreatArea.maxSpeed(r);
        double end = Calculator.end(r, horizon);
        double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
        int steps = Math.max(1, (int) Math.ceil(end / dt));
        double[] h = Calculator.supports(r, TurnBound.of(r), end, dt, steps);
        int etaSteps = Math.min(steps, Math.max(1, (int) Math.ceil(etaHorizon / dt)));
        Geometry[] polygons = new Geometry[steps];
        for (int k = 0; k < steps; k++) polygons[k] = polygon(r, proj, h, k);
        Geometry corridor = GF.createGeometryCollection(polygons).convexHull();
        corridor = corridor.intersection(range(proj, Calculator.range(r, sMax, end)));
        Geometry near =
                GF.createGeometryCollection(Arrays.copyOf(polygons, etaSteps)).convexHull();
        Geometry[] reach = new Geometry[etaSteps];
        Map<Zone, Double> eta = new LinkedHashMap<>();
        for (Zone z : tree.leavesIntersecting(near)) {
            Envelope ze = z.geometry().getEnvelopeInternal();
            PreparedGeometry pz = prepared.computeIfAbsent(z, x -> PreparedGeometryFactory.prepare(x.geometry()));
            for (int k = 0; k < etaSteps; k++) {
                if (!polygons[k].getEnvelopeInternal().intersects(ze)) continue;
                if (pz.intersects(polygons[k])
                        && pz.intersects(
                                reach[k] != null
                                        ? reach[k]
                                        : (reach[k] =
                                                range(proj, Calculator.range(r, sMax, Math.min(end, (k + 1) * dt)))))) {
                    eta.put(z, Math.min(end, k * dt));
                    break;
                }
            }
        }
        return new ThreatArea(corridor, Collections.unmodifiableMap(eta), end);
    }

    /** Step {@code k}: a large square cut by each half-plane of the larger support at the step's two ends. */
    static Geometry polygon(TrackReport r, LocalProjection proj, double[] h, int k) {
        List<double[]> pts = plane(h, k);
        double sp = r.speed();
        double ux = sp > 0 ? r.east() / sp : 1, uy = sp > 0 ? r.north() / sp : 0;
        Coordinate[] ring = new Coordinate[pts.size() + 1];
        for (int i = 0; i < pts.size(); i++) {
            double a = pts.get(i)[0], b = pts.get(i)[1];
            ring[i] = proj.toLonLat(a * ux - b * uy, a * uy + b * ux);
        }
        ring[pts.size()] = ring[0];
        return GF.createPolygon(ring);
    }

    /** The corners of step {@code k}'s polygon in the path's frame (along, left). */
    static List<double[]> plane(double[] h, int k) {
        double big = 1e7;
        List<double[]> pts = new ArrayList<>(List.of(
                new double[] {-big, -big}, new double[] {big, -big}, new double[] {big, big}, new double[] {-big, big
                }));
        for (int j = 0; j < N; j++) {
            double c = TurnBound.COS[j], s = TurnBound.SIN[j], lim = Math.max(h[k * N + j], h[(k + 1) * N + j]);
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < pts.size(); i++) {
                double[] p = pts.get(i), q = pts.get((i + 1) % pts.size());
                double gp = p[0] * c + p[1] * s - lim, gq = q[0] * c + q[1] * s - lim;
                if (gp <= 0) out.add(p);
                if ((gp <= 0) != (gq <= 0)) {
                    double f = gp / (gp - gq);
                    out.add(new double[] {p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1])});
                }
            }
            pts = out;
        }
        return pts;
    }

    private static Geometry range(LocalProjection p, double radius) {
        Coordinate[] ring = Calculator.disc(p, 0, 0, radius);
        Coordinate[] closed = Arrays.copyOf(ring, ring.length + 1);
        closed[ring.length] = ring[0];
        return GF.createPolygon(closed);
    }
}
