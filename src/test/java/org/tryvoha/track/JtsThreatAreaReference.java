package org.tryvoha.track;

import static org.tryvoha.track.ThreatArea.MAX_STEPS;
import static org.tryvoha.track.ThreatArea.MIN_STEP_SECONDS;
import static org.tryvoha.track.ThreatArea.maxSpeed;

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
 * The threat-area computation as it was before {@link StepHulls}: every step hull and range disc
 * as a JTS polygon, each leaf near the corridor tested with prepared-geometry intersects. Kept
 * only as the reference the fast computation must never fall short of. The motion model (where the
 * model ends, the radius of each step, its 16-sided disc and their hulls) is {@link Calculator}'s own,
 * so the two differ only in how they find the zones those shapes meet.
 */
final class JtsThreatAreaReference {
    private static final GeometryFactory GF = new GeometryFactory();
    private final ZoneTree tree;
    private final Map<Zone, PreparedGeometry> prepared = new IdentityHashMap<>();

    JtsThreatAreaReference(ZoneTree tree) {
        this.tree = tree;
    }

    ThreatArea compute(TrackReport r, double horizon, double etaHorizon) {
        LocalProjection proj = LocalProjection.around(r.lat(), r.lon());
        ThreatClass c = r.threatClass();
        double sMax = maxSpeed(c, r.speed());
        double end = Calculator.end(r, horizon);
        double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
        int steps = Math.max(1, (int) Math.ceil(end / dt));
        List<Coordinate[]> discs = discs(r, proj, end, dt, steps);
        int etaSteps = Math.min(steps, Math.max(1, (int) Math.ceil(etaHorizon / dt)));
        // R grows by non-decreasing increments over equal steps (only the last may be shorter), so
        // every disc lies in the hull of the first, the second-to-last and the last one
        Geometry corridor = Calculator.hull(discs.get(0), discs.get(Math.max(0, steps - 1)), discs.get(steps));
        Geometry near = Calculator.hull(discs.get(0), discs.get(Math.max(0, etaSteps - 1)), discs.get(etaSteps));
        Geometry[] hulls = new Geometry[etaSteps];
        corridor = corridor.intersection(range(proj, r.uncertainty() + sMax * end + c.terminalRadius));
        double etaEnd = Math.min(end, etaSteps * dt);
        near = near.intersection(range(proj, r.uncertainty() + sMax * etaEnd + c.terminalRadius));
        Geometry[] reach = new Geometry[etaSteps];
        Map<Zone, Double> eta = new LinkedHashMap<>();
        for (Zone z : tree.leavesIntersecting(near)) {
            Envelope ze = z.geometry().getEnvelopeInternal();
            PreparedGeometry pz = prepared.computeIfAbsent(z, x -> PreparedGeometryFactory.prepare(x.geometry()));
            for (int k = 0; k < etaSteps; k++) {
                if (!envelope(discs.get(k), discs.get(k + 1)).intersects(ze)) continue;
                Geometry h = hulls[k] != null ? hulls[k] : (hulls[k] = Calculator.hull(discs.get(k), discs.get(k + 1)));
                if (pz.intersects(h)
                        && pz.intersects(
                                reach[k] != null
                                        ? reach[k]
                                        : (reach[k] = range(
                                                proj,
                                                r.uncertainty()
                                                        + sMax * Math.min(end, (k + 1) * dt)
                                                        + c.terminalRadius)))) {
                    eta.put(z, Math.min(end, k * dt));
                    break;
                }
            }
        }
        return new ThreatArea(corridor, Collections.unmodifiableMap(eta), end);
    }

    private static List<Coordinate[]> discs(TrackReport r, LocalProjection proj, double end, double dt, int steps) {
        double[] radii = Calculator.radii(r, end, dt, steps);
        List<Coordinate[]> discs = new ArrayList<>(steps + 1);
        for (int k = 0; k <= steps; k++) discs.add(Calculator.disc(r, proj, radii, k, dt, end));
        return discs;
    }

    private static Envelope envelope(Coordinate[] a, Coordinate[] b) {
        Envelope e = new Envelope();
        for (Coordinate c : a) e.expandToInclude(c);
        for (Coordinate c : b) e.expandToInclude(c);
        return e;
    }

    private static Geometry range(LocalProjection p, double radius) {
        Coordinate[] ring = Calculator.disc(p, 0, 0, radius);
        Coordinate[] closed = Arrays.copyOf(ring, ring.length + 1);
        closed[ring.length] = ring[0];
        return GF.createPolygon(closed);
    }
}
