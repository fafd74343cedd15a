package org.tryvoha.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The area a track can reach within a horizon, and the earliest time it can reach each leaf zone in it.
 *
 * <p>Model (in a local equirectangular projection around the report, metres): the reference path
 * is the straight line {@code c(t) = p0 + v t}. At time {@code t} the threat is within
 * {@code R(t) = u + (s' - s) t + ∫0^t 2 s' sin(min(ωτ, π) / 2) dτ} of {@code c(t)},
 * where {@code u} is the reported position uncertainty, {@code s} the reported speed, {@code s'}
 * the speed grown by {@link ThreatClass#SPEED_TOLERANCE} (capped at the class maximum) and {@code ω}
 * the class turn rate: {@code |e^{iψ} - 1| = 2 sin(ψ/2)} bounds how far a heading that has turned by
 * {@code ψ ≤ ωτ} moves the threat off {@code c}. It is also never farther than {@code u + s' t} from
 * {@code p0}. {@code R} is convex, so the hull of two consecutive discs holds every disc between
 * them: a zone's arrival estimate is the start of the first step whose hull touches it and whose
 * range disc {@code u + s' t} reaches it — never later than the true arrival under the model.
 * A ballistic threat with a known altitude is not projected along a line: its impact point is
 * predicted ({@link ImpactEllipse}) and the area is the 95% impact ellipse; its zones arrive at the
 * earliest impact time, and the zones meeting the wider {@link ImpactEllipse#K_KEEP} ellipse are
 * kept ({@code keep}), so a zone stays warned while the impact may still fall on it. Without an
 * altitude, a ballistic threat falls back to the corridor with a terminal disc of
 * {@link ThreatClass#terminalRadius}. A glider (a class with a {@link ThreatClass#glideRatio}) with a
 * known altitude gets the corridor cut by its glide range.
 *
 * <p>The zones are tested without JTS: each leaf's outline as flat arrays ({@link LeafOutlines}),
 * each step's hull as the hull of the circles around its two disc polygons ({@link StepHulls}), so
 * a zone is never missed nor estimated later than with the polygons (a superset by at most the 2%
 * between a 16-gon and its circumscribed circle). The corridor shown to operators is still the
 * polygon hull, cut by the range polygon with a convex clip.
 *
 * <p>Immutable once built; the zone geometry caches are per instance of {@link Calculator}, which is
 * not thread-safe (one per engine thread).
 */
public record ThreatArea(
        Geometry corridor, Map<Zone, Double> etaSeconds, double horizonSeconds, ImpactEllipse impact, Set<Zone> keep) {
    static final int DISC_SIDES = 16;

    /** An area without an impact prediction. */
    public ThreatArea(Geometry corridor, Map<Zone, Double> etaSeconds, double horizonSeconds) {
        this(corridor, etaSeconds, horizonSeconds, null, Set.of());
    }

    static final int MAX_STEPS = 60;
    static final double MIN_STEP_SECONDS = 2;

    /**
     * Whether the area computed from report {@code from} still holds every path that the later
     * report {@code next} allows, so it need not be computed again: same class (not ballistic, whose
     * impact time changes with every report), at most {@code maxAgeSeconds} later, a speed range
     * within the old one, a heading turned no more than the class can turn since, and a position
     * disc inside the old model's disc and range at that time. Then, for any time after {@code next},
     * the old bound {@code R} still holds (see the class comment), and so do the old corridor and
     * arrival estimates, counted from {@code from}'s time.
     */
    public static boolean stillHolds(TrackReport from, TrackReport next, double maxAgeSeconds) {
        ThreatClass c = from.threatClass();
        if (c != next.threatClass() || c == ThreatClass.BALLISTIC || next.end() != null || !next.hasPosition())
            return false;
        double dt = (next.time().toEpochMilli() - from.time().toEpochMilli()) / 1000.0;
        double s0 = from.speed(), s1 = next.speed();
        if (dt <= 0 || dt > maxAgeSeconds || s0 <= 0 || s1 <= 0) return false;
        double m0 = maxSpeed(c, s0), m1 = maxSpeed(c, s1);
        if (m1 > m0 || 2 * s1 - m1 < 2 * s0 - m0) return false;
        double omega = Math.toRadians(c.turnRateDeg);
        double turned = Math.acos(Math.max(
                -1, Math.min(1, (from.east() * next.east() + from.north() * next.north()) / (s0 * s1))));
        if (turned > Math.min(omega * dt, Math.PI)) return false;
        LocalProjection p = LocalProjection.around(from.lat(), from.lon());
        double x = p.x(next.lon()), y = p.y(next.lat());
        double drift = omega == 0
                ? 0
                : omega * dt <= Math.PI
                        ? 4 * m0 / omega * (1 - Math.cos(omega * dt / 2))
                        : 4 * m0 / omega + 2 * m0 * (dt - Math.PI / omega);
        double radius = from.uncertainty() + (m0 - s0) * dt + drift;
        return Math.hypot(x - from.east() * dt, y - from.north() * dt) + next.uncertainty() <= radius
                && Math.hypot(x, y) + next.uncertainty() <= from.uncertainty() + m0 * dt;
    }

    static double maxSpeed(ThreatClass c, double s) {
        return Math.max(s, Math.min(c.maxSpeed, s * (1 + ThreatClass.SPEED_TOLERANCE)));
    }

    /** Computes threat areas against one zone tree; caches prepared zone polygons. Single-threaded. */
    public static final class Calculator {
        private static final GeometryFactory GF = new GeometryFactory();
        private final ZoneTree tree;
        private final Map<Zone, PreparedGeometry> prepared = new IdentityHashMap<>();
        private final LeafOutlines leaves;
        private final StepHulls hulls = new StepHulls();
        private final int[] seen, found;
        private int stamp;

        public Calculator(ZoneTree tree) {
            this.tree = tree;
            this.leaves = new LeafOutlines(tree);
            this.seen = new int[leaves.zones.length];
            this.found = new int[leaves.zones.length];
        }

        /**
         * @param horizon how far ahead the corridor reaches
         * @param etaHorizon arrival estimates only for zones reachable within this (≤ horizon): later
         *     arrivals cannot be due yet, and skipping them keeps a report cheap
         */
        public ThreatArea compute(TrackReport r, double horizon, double etaHorizon) {
            return compute(r, horizon, etaHorizon, false);
        }

        /**
         * {@link #compute(TrackReport, double, double)} for a report of a track whose motor may still be
         * burning ({@link ImpactEllipse#thrusting}): a ballistic threat's free-flight impact is then only
         * where it would fall if the motor stopped now, short of and earlier than the real one, so its
         * area warns no zone (see docs/tracks.md for this limit).
         */
        public ThreatArea compute(TrackReport r, double horizon, double etaHorizon, boolean thrusting) {
            if (r.threatClass() == ThreatClass.BALLISTIC && !Double.isNaN(r.altitude())) return impact(r, thrusting);
            LocalProjection proj = LocalProjection.around(r.lat(), r.lon());
            ThreatClass c = r.threatClass();
            double sMax = maxSpeed(c, r.speed());
            double end = end(r, horizon);
            double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
            int steps = Math.max(1, (int) Math.ceil(end / dt));
            double[] radii = radii(r, end, dt, steps);
            int etaSteps = Math.min(steps, Math.max(1, (int) Math.ceil(etaHorizon / dt)));
            // R grows by non-decreasing increments over equal steps (only the last may be shorter), so
            // every disc lies in the hull of the first, the second-to-last and the last one
            Geometry corridor = clip(
                    hull(
                            disc(r, proj, radii, 0, dt, end),
                            disc(r, proj, radii, Math.max(0, steps - 1), dt, end),
                            disc(r, proj, radii, steps, dt, end)),
                    disc(proj, 0, 0, range(r, sMax, end)));
            return new ThreatArea(corridor, Collections.unmodifiableMap(etas(r, proj, radii, etaSteps, dt, end)), end);
        }

        /**
         * Each leaf's arrival estimate: the start of the first step {@code k < etaSteps} whose hull of
         * discs {@code k} and {@code k + 1} meets it while the range disc at the step's end does too.
         * Tested against the circles around the disc polygons (see {@link StepHulls}), so a zone is never
         * missed nor estimated later than with the polygons themselves; in tree order.
         */
        private Map<Zone, Double> etas(
                TrackReport r, LocalProjection proj, double[] radii, int etaSteps, double dt, double end) {
            ThreatClass c = r.threatClass();
            double s = r.speed(), sMax = maxSpeed(c, s);
            double ux = s > 0 ? r.east() / s : 1, uy = s > 0 ? r.north() / s : 0;
            double[] a = new double[etaSteps + 1], rr = new double[etaSteps + 1], rho = new double[etaSteps];
            double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
            for (int k = 0; k <= etaSteps; k++) {
                a[k] = s * Math.min(end, k * dt);
                rr[k] = circumscribed(Math.max(radii[k], 1));
                if (k < etaSteps) rho[k] = circumscribed(range(r, sMax, Math.min(end, (k + 1) * dt)));
                minX = Math.min(minX, a[k] * ux - rr[k]);
                maxX = Math.max(maxX, a[k] * ux + rr[k]);
                minY = Math.min(minY, a[k] * uy - rr[k]);
                maxY = Math.max(maxY, a[k] * uy + rr[k]);
            }
            double range = rho[etaSteps - 1];
            hulls.set(a, rr, rho, etaSteps, proj, ux, uy);
            Coordinate lo = proj.toLonLat(Math.max(minX, -range), Math.max(minY, -range));
            Coordinate hi = proj.toLonLat(Math.min(maxX, range), Math.min(maxY, range));
            int n = leaves.candidates(lo.x, lo.y, hi.x, hi.y, seen, nextStamp(), found);
            Map<Zone, Double> eta = new LinkedHashMap<>();
            for (int j = 0; j < n; j++) {
                int k = hulls.firstStep(leaves, found[j]);
                if (k >= 0) eta.put(leaves.zones[found[j]], Math.min(end, k * dt));
            }
            return eta;
        }

        private int nextStamp() {
            if (++stamp == Integer.MAX_VALUE) { // after ~2 billion reports: start the marks afresh
                Arrays.fill(seen, 0);
                stamp = 1;
            }
            return stamp;
        }

        /**
         * A ballistic threat's area: the 95% impact ellipse; every leaf meeting it arrives at the
         * earliest impact time; {@code keep} holds the leaves meeting the wider ellipse.
         */
        private ThreatArea impact(TrackReport r, boolean thrusting) {
            ImpactEllipse e = ImpactEllipse.predict(r);
            Geometry ellipse = GF.createPolygon(closed(e.outline(ImpactEllipse.K95, 0)));
            if (thrusting) return new ThreatArea(ellipse, Map.of(), e.timeToImpact(), e, Set.of());
            Map<Zone, Double> eta = new LinkedHashMap<>();
            for (Zone z : meeting(ellipse)) eta.put(z, e.earliestImpact());
            Set<Zone> keep = new HashSet<>(meeting(GF.createPolygon(closed(e.outline(ImpactEllipse.K_KEEP, 0)))));
            return new ThreatArea(ellipse, Collections.unmodifiableMap(eta), e.timeToImpact(), e, keep);
        }

        /** The leaves a polygon meets, in tree order. */
        private List<Zone> meeting(Geometry polygon) {
            Envelope env = polygon.getEnvelopeInternal();
            int n = leaves.candidates(
                    env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY(), seen, nextStamp(), found);
            PreparedGeometry pg = PreparedGeometryFactory.prepare(polygon);
            List<Zone> out = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                Zone z = leaves.zones[found[j]];
                if (pg.intersects(z.geometry())) out.add(z);
            }
            return out;
        }

        /**
         * How far from the report the threat can be at {@code t}: {@code u + s' t}, no farther than a
         * glider's glide range, plus the terminal radius.
         */
        static double range(TrackReport r, double sMax, double t) {
            return r.uncertainty() + Math.min(sMax * t, glideRange(r)) + r.threatClass().terminalRadius;
        }

        /**
         * The farthest a glider can glide from the report: {@code (h + v²/2g) · L/D} with the class's
         * best glide ratio (altitude plus the height its speed is worth); infinite for the powered
         * classes and when the altitude is unknown. The altitude counts with its uncertainty.
         */
        static double glideRange(TrackReport r) {
            ThreatClass c = r.threatClass();
            if (c.glideRatio <= 0 || Double.isNaN(r.altitude())) return Double.POSITIVE_INFINITY;
            double v = maxSpeed(c, r.speed());
            return c.glideRatio * (Math.max(0, r.altitude()) + r.uncertainty() + v * v / (2 * Ballistics.G));
        }

        /** The radius of the circle through the corners of a {@link #disc} polygon around a circle, plus a millimetre for rounding. */
        private static double circumscribed(double radius) {
            return radius / Math.cos(Math.PI / DISC_SIDES) + 0.001;
        }

        /**
         * The area the track can reach within {@code seconds} (the same model as {@link #compute}, as the
         * hull of three of its discs cut by the range disc), for the early warning's wider horizon.
         */
        public Geometry reach(TrackReport r, double seconds) {
            if (r.threatClass() == ThreatClass.BALLISTIC && !Double.isNaN(r.altitude()))
                return GF.createPolygon(closed(ImpactEllipse.predict(r).outline(ImpactEllipse.K_KEEP, 0)));
            LocalProjection proj = LocalProjection.around(r.lat(), r.lon());
            double end = end(r, seconds);
            double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
            int steps = Math.max(1, (int) Math.ceil(end / dt));
            double[] radii = radii(r, end, dt, steps);
            Geometry hull = hull(
                    disc(r, proj, radii, 0, dt, end),
                    disc(r, proj, radii, Math.max(0, steps - 1), dt, end),
                    disc(r, proj, radii, steps, dt, end));
            return clip(hull, disc(proj, 0, 0, range(r, maxSpeed(r.threatClass(), r.speed()), end)));
        }

        /**
         * Where the model stops: the horizon, or the time a glider takes to glide its range at the
         * slowest speed the model allows.
         */
        static double end(TrackReport r, double horizon) {
            double glide = glideRange(r), slowest = r.speed() * (1 - ThreatClass.SPEED_TOLERANCE);
            if (glide < Double.POSITIVE_INFINITY && slowest > 0) return Math.min(horizon, glide / slowest);
            return horizon;
        }

        /** The radii of {@code R(t)} at {@code t = 0, dt, 2 dt, …, end}; the last with the terminal area. Non-decreasing. */
        static double[] radii(TrackReport r, double end, double dt, int steps) {
            ThreatClass c = r.threatClass();
            double s = r.speed();
            double sMax = maxSpeed(c, s);
            double omega = Math.toRadians(c.turnRateDeg);
            double[] radii = new double[steps + 1];
            double drift = 0;
            for (int k = 0; k <= steps; k++) {
                double t = Math.min(end, k * dt);
                if (k > 0) {
                    double phi = omega * t; // the integrand grows with τ: its value at the step's end bounds the step
                    drift += sMax * 2 * Math.sin(Math.min(phi, Math.PI) / 2) * (t - Math.min(end, (k - 1) * dt));
                }
                double radius = r.uncertainty() + (sMax - s) * t + drift;
                if (k == steps && c.terminalRadius > 0) radius = Math.max(radius, c.terminalRadius + r.uncertainty());
                radii[k] = radius;
            }
            return radii;
        }

        /** Disc {@code k}: a polygon around the circle {@code R(t_k)} about {@code c(t_k)}. */
        static Coordinate[] disc(TrackReport r, LocalProjection proj, double[] radii, int k, double dt, double end) {
            double s = r.speed(), t = Math.min(end, k * dt);
            double ux = s > 0 ? r.east() / s : 0, uy = s > 0 ? r.north() / s : 0;
            return disc(proj, s * t * ux, s * t * uy, Math.max(radii[k], 1));
        }

        /** The oblasts (regions right under the root) that an area touches, in tree order. */
        public List<Zone> regionsTouching(Geometry area) {
            Envelope env = area.getEnvelopeInternal();
            List<Zone> out = new ArrayList<>();
            for (Zone region : tree.root().children()) {
                if (region.geometry() == null
                        || !region.geometry().getEnvelopeInternal().intersects(env)) continue;
                PreparedGeometry pg =
                        prepared.computeIfAbsent(region, x -> PreparedGeometryFactory.prepare(x.geometry()));
                if (pg.intersects(area)) out.add(region);
            }
            return out;
        }

        static Geometry hull(Coordinate[]... discs) {
            Coordinate[] pts = new Coordinate[discs.length * DISC_SIDES];
            for (int i = 0; i < discs.length; i++) System.arraycopy(discs[i], 0, pts, i * DISC_SIDES, DISC_SIDES);
            return new ConvexHull(pts, GF).getConvexHull();
        }

        /**
         * The convex polygon {@code hull} cut by the convex polygon {@code ring} (counter-clockwise, not
         * closed): Sutherland–Hodgman, exact for two convex polygons, and far cheaper than an overlay.
         */
        static Geometry clip(Geometry hull, Coordinate[] ring) {
            List<Coordinate> in = new ArrayList<>(List.of(hull.getCoordinates()));
            if (in.size() > 1 && in.get(0).equals2D(in.get(in.size() - 1))) in.remove(in.size() - 1);
            for (int i = 0; i < ring.length && !in.isEmpty(); i++) {
                Coordinate e0 = ring[i], e1 = ring[(i + 1) % ring.length];
                List<Coordinate> out = new ArrayList<>(in.size() + 2);
                Coordinate prev = in.get(in.size() - 1);
                double sp = side(e0, e1, prev);
                for (Coordinate cur : in) {
                    double sc = side(e0, e1, cur);
                    if ((sc >= 0) != (sp >= 0)) {
                        double f = sp / (sp - sc);
                        out.add(new Coordinate(prev.x + f * (cur.x - prev.x), prev.y + f * (cur.y - prev.y)));
                    }
                    if (sc >= 0) out.add(cur);
                    prev = cur;
                    sp = sc;
                }
                in = out;
            }
            List<Coordinate> pts = new ArrayList<>(in.size() + 1);
            for (Coordinate p : in)
                if (pts.isEmpty() || !pts.get(pts.size() - 1).equals2D(p)) pts.add(p);
            while (pts.size() > 1 && pts.get(0).equals2D(pts.get(pts.size() - 1))) pts.remove(pts.size() - 1);
            if (pts.size() < 3) return hull.intersection(GF.createPolygon(closed(ring))); // degenerate: let JTS decide
            pts.add(pts.get(0));
            return GF.createPolygon(pts.toArray(Coordinate[]::new));
        }

        private static double side(Coordinate e0, Coordinate e1, Coordinate p) {
            return (e1.x - e0.x) * (p.y - e0.y) - (e1.y - e0.y) * (p.x - e0.x);
        }

        private static Coordinate[] closed(Coordinate[] ring) {
            Coordinate[] closed = Arrays.copyOf(ring, ring.length + 1);
            closed[ring.length] = ring[0];
            return closed;
        }

        /** A polygon circumscribing the circle (so it holds all of it), as lon/lat points. */
        static Coordinate[] disc(LocalProjection p, double cx, double cy, double radius) {
            double rr = radius / Math.cos(Math.PI / DISC_SIDES);
            Coordinate[] out = new Coordinate[DISC_SIDES];
            for (int i = 0; i < DISC_SIDES; i++) {
                double a = 2 * Math.PI * i / DISC_SIDES;
                out[i] = p.toLonLat(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
            }
            return out;
        }
    }
}
