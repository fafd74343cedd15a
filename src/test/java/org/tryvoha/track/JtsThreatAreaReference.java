package org.tryvoha.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

import static org.tryvoha.track.ThreatArea.DISC_SIDES;
import static org.tryvoha.track.ThreatArea.MAX_STEPS;
import static org.tryvoha.track.ThreatArea.MIN_STEP_SECONDS;
import static org.tryvoha.track.ThreatArea.maxSpeed;

/**
 * The threat-area computation as it was before {@link StepHulls}: every step hull and range disc
 * as a JTS polygon, each leaf near the corridor tested with prepared-geometry intersects. Kept
 * only as the reference the fast computation must never fall short of.
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
    double end = end(r, horizon);
    double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
    int steps = Math.max(1, (int) Math.ceil(end / dt));
    List<Coordinate[]> discs = discs(r, proj, end, dt, steps);
    int etaSteps = Math.min(steps, Math.max(1, (int) Math.ceil(etaHorizon / dt)));
    // R grows by non-decreasing increments over equal steps (only the last may be shorter), so
    // every disc lies in the hull of the first, the second-to-last and the last one
    Geometry corridor = hull(discs.get(0), discs.get(Math.max(0, steps - 1)), discs.get(steps));
    Geometry near = hull(discs.get(0), discs.get(Math.max(0, etaSteps - 1)), discs.get(etaSteps));
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
        Geometry h = hulls[k] != null ? hulls[k] : (hulls[k] = hull(discs.get(k), discs.get(k + 1)));
        if (pz.intersects(h)
            && pz.intersects(reach[k] != null ? reach[k]
                : (reach[k] = range(proj, r.uncertainty() + sMax * Math.min(end, (k + 1) * dt) + c.terminalRadius)))) {
          eta.put(z, Math.min(end, k * dt));
          break;
        }
      }
    }
    return new ThreatArea(corridor, Collections.unmodifiableMap(eta), end);
  }

  private static double end(TrackReport r, double horizon) {
    boolean impact = r.threatClass() == ThreatClass.BALLISTIC && !Double.isNaN(r.altitude()) && r.up() < -1;
    return impact ? Math.min(horizon, Math.max(0, r.altitude()) / -r.up()) : horizon;
  }

  private static List<Coordinate[]> discs(TrackReport r, LocalProjection proj, double end, double dt, int steps) {
    ThreatClass c = r.threatClass();
    double s = r.speed();
    double sMax = maxSpeed(c, s);
    double ux = s > 0 ? r.east() / s : 0, uy = s > 0 ? r.north() / s : 0;
    double omega = Math.toRadians(c.turnRateDeg);
    List<Coordinate[]> discs = new ArrayList<>(steps + 1);
    double drift = 0;
    for (int k = 0; k <= steps; k++) {
      double t = Math.min(end, k * dt);
      if (k > 0) {
        double phi = omega * t; // the integrand grows with τ: its value at the step's end bounds the step
        drift += sMax * 2 * Math.sin(Math.min(phi, Math.PI) / 2) * (t - Math.min(end, (k - 1) * dt));
      }
      double radius = r.uncertainty() + (sMax - s) * t + drift;
      if (k == steps && c.terminalRadius > 0) radius = Math.max(radius, c.terminalRadius + r.uncertainty());
      discs.add(disc(proj, s * t * ux, s * t * uy, Math.max(radius, 1)));
    }
    return discs;
  }

  private static Geometry hull(Coordinate[]... discs) {
    Coordinate[] pts = new Coordinate[discs.length * DISC_SIDES];
    for (int i = 0; i < discs.length; i++) System.arraycopy(discs[i], 0, pts, i * DISC_SIDES, DISC_SIDES);
    return new ConvexHull(pts, GF).getConvexHull();
  }

  private static Envelope envelope(Coordinate[] a, Coordinate[] b) {
    Envelope e = new Envelope();
    for (Coordinate c : a) e.expandToInclude(c);
    for (Coordinate c : b) e.expandToInclude(c);
    return e;
  }

  private static Geometry range(LocalProjection p, double radius) {
    Coordinate[] ring = disc(p, 0, 0, radius);
    Coordinate[] closed = java.util.Arrays.copyOf(ring, ring.length + 1);
    closed[ring.length] = ring[0];
    return GF.createPolygon(closed);
  }

  /** A polygon circumscribing the circle (so it holds all of it), as lon/lat points. */
  private static Coordinate[] disc(LocalProjection p, double cx, double cy, double radius) {
    double rr = radius / Math.cos(Math.PI / DISC_SIDES);
    Coordinate[] out = new Coordinate[DISC_SIDES];
    for (int i = 0; i < DISC_SIDES; i++) {
      double a = 2 * Math.PI * i / DISC_SIDES;
      out[i] = p.toLonLat(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
    }
    return out;
  }
}
