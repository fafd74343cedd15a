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
 * <p>Model (in a local equirectangular projection around the report, metres): the threat turns no
 * faster than its class and flies between the class's slowest speed and its reported speed plus the
 * tolerance, from within the reported position and heading uncertainty; {@link TurnBound} gives the
 * support function of where it can be at each time (a convex set, the hull of the reachable one). The
 * support never decreases faster than linearly between two instants (it is convex in time), so the
 * polygon of the larger of two consecutive supports, in {@link TurnBound#DIRECTIONS} directions,
 * holds every position in between: a zone's arrival estimate is the start of the first step whose
 * polygon touches it and whose range disc {@code u + s' t} (or glide range) reaches it — never later
 * than the true arrival under the model.
 * A ballistic threat with a known altitude is not projected along a line: its impact point is
 * predicted ({@link ImpactEllipse}) and the area is the 95% impact ellipse; its zones arrive at the
 * earliest impact time, and the zones meeting the wider {@link ImpactEllipse#K_KEEP} ellipse are
 * kept ({@code keep}), so a zone stays warned while the impact may still fall on it. Without an
 * altitude, a ballistic threat falls back to the turn bound with a terminal disc of
 * {@link ThreatClass#terminalRadius}. A glider (a class with a {@link ThreatClass#glideRatio}) with a
 * known altitude gets the bound cut by its glide range.
 *
 * <p>The zones are tested without JTS: each leaf's outline as flat arrays ({@link LeafOutlines}),
 * each step's polygon as half-planes ({@link StepHulls}). The corridor shown to operators is the
 * polygon of the largest supports over all steps, cut by the range polygon with a convex clip.
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
     * impact time changes with every report, nor a glider with a glide range), at most
     * {@code maxAgeSeconds} later, and {@code next}'s {@link TurnBound} inside {@code from}'s from then
     * on: its speed range within the old one, its arc of headings (its heading and heading
     * uncertainty) within the old arc grown by the turn rate over the time between, and its position
     * disc inside the set the old model allows at that time. For the last, that set holds the old
     * position disc moved by any straight flight at a speed and heading the old report allows (the
     * pentagon of the extreme ones, see {@link #pentagonDistance}). Then every path from {@code next}
     * is one from {@code from}, and the old corridor and arrival estimates, counted from
     * {@code from}'s time, still hold.
     */
    public static boolean stillHolds(TrackReport from, TrackReport next, double maxAgeSeconds) {
        ThreatClass c = from.threatClass();
        if (c != next.threatClass() || c == ThreatClass.BALLISTIC || next.end() != null || !next.hasPosition())
            return false;
        if (Calculator.glideRange(from) < Double.POSITIVE_INFINITY) return false;
        double dt = (next.time().toEpochMilli() - from.time().toEpochMilli()) / 1000.0;
        double s0 = from.speed(), s1 = next.speed();
        if (dt <= 0 || dt > maxAgeSeconds || s0 <= 0 || s1 <= 0) return false;
        TurnBound b0 = TurnBound.of(from), b1 = TurnBound.of(next);
        if (b1.sMin < b0.sMin || b1.sMax > b0.sMax || next.uncertainty() > from.uncertainty()) return false;
        double turned = Math.acos(Math.max(
                -1, Math.min(1, (from.east() * next.east() + from.north() * next.north()) / (s0 * s1))));
        if (b0.delta + b0.omega * dt < Math.PI && turned + b1.delta > b0.delta + b0.omega * dt) return false;
        LocalProjection p = LocalProjection.around(from.lat(), from.lon());
        double x = p.x(next.lon()), y = p.y(next.lat());
        double ux = from.east() / s0, uy = from.north() / s0;
        return pentagonDistance(x * ux + y * uy, y * ux - x * uy, b0, dt) <= from.uncertainty() - next.uncertainty();
    }

    /**
     * The distance from {@code (a, b)} (metres along and left of the old heading) to the pentagon of the
     * points {@code dt} seconds of straight flight away at the slowest and fastest speed on either edge
     * of the heading's uncertainty, and the fastest straight ahead: all of them reachable, so is their
     * hull (the set is convex). 0 inside.
     */
    static double pentagonDistance(double a, double b, TurnBound b0, double dt) {
        double cd = Math.cos(b0.delta), sd = Math.sin(b0.delta);
        double lo = b0.sMin * dt, hi = b0.sMax * dt;
        double[] pa = {lo * cd, hi * cd, hi, hi * cd, lo * cd}, pb = {-lo * sd, -hi * sd, 0, hi * sd, lo * sd};
        boolean inside = b0.delta <= Math.PI / 2; // beyond, the five points need not make a convex outline
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 5; i++) {
            int j = (i + 1) % 5;
            double ea = pa[j] - pa[i], eb = pb[j] - pb[i];
            if (ea * (b - pb[i]) - eb * (a - pa[i]) < 0) inside = false;
            double len = ea * ea + eb * eb;
            double t = len == 0 ? 0 : Math.clamp(((a - pa[i]) * ea + (b - pb[i]) * eb) / len, 0, 1);
            best = Math.min(best, Math.hypot(a - pa[i] - t * ea, b - pb[i] - t * eb));
        }
        return inside ? 0 : best;
    }

    static double maxSpeed(ThreatClass c, double s) {
        return Math.max(s, Math.min(c.maxSpeed, s * (1 + ThreatClass.SPEED_TOLERANCE)));
    }

    /**
     * The fastest a reported threat may fly: its speed plus its velocity error ({@link
     * TurnBound#velocityError}: the speed tolerance, or the stated uncertainty if larger), no faster than
     * the class, never slower than reported.
     */
    static double maxSpeed(TrackReport r) {
        double s = r.speed();
        return Math.max(s, Math.min(r.threatClass().maxSpeed, s + TurnBound.velocityError(r)));
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
        /** The class turn rate's share the bound uses: 1 in service; tests shrink it to see a too-tight bound caught. */
        double turnScale = 1;

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
            double end = end(r, horizon);
            double dt = Math.max(MIN_STEP_SECONDS, end / MAX_STEPS);
            int steps = Math.max(1, (int) Math.ceil(end / dt));
            double[] h = supports(r, TurnBound.of(r, turnScale), end, dt, steps);
            int etaSteps = Math.min(steps, Math.max(1, (int) Math.ceil(etaHorizon / dt)));
            Geometry corridor = outline(r, proj, h, steps, end);
            return new ThreatArea(corridor, Collections.unmodifiableMap(etas(r, proj, h, etaSteps, dt, end)), end);
        }

        /**
         * Each leaf's arrival estimate: the start of the first step {@code k < etaSteps} whose polygon
         * (the half-planes of the larger of the supports at the step's two ends, which hold every
         * position between them) meets it while the range disc at the step's end does too; in tree
         * order. The range is tested as the circle around its 16-gon, so never later than with that
         * polygon.
         */
        private Map<Zone, Double> etas(
                TrackReport r, LocalProjection proj, double[] h, int etaSteps, double dt, double end) {
            int n = TurnBound.DIRECTIONS;
            double s = r.speed(), sMax = maxSpeed(r);
            double ux = s > 0 ? r.east() / s : 1, uy = s > 0 ? r.north() / s : 0;
            double[] a = new double[etaSteps + 1], hs = new double[etaSteps * n], rho = new double[etaSteps];
            double ahead = 0, back = 0, side = 0;
            for (int k = 0; k <= etaSteps; k++) a[k] = s * Math.min(end, k * dt);
            for (int k = 0; k < etaSteps; k++) {
                for (int j = 0; j < n; j++)
                    hs[k * n + j] = Math.max(h[k * n + j], h[(k + 1) * n + j]) + 0.001; // a millimetre for rounding
                rho[k] = circumscribed(range(r, sMax, Math.min(end, (k + 1) * dt)));
                ahead = Math.max(ahead, hs[k * n]);
                side = Math.max(side, Math.max(hs[k * n + n / 4], hs[k * n + 3 * n / 4]));
                back = Math.max(back, hs[k * n + n / 2]);
            }
            double range = rho[etaSteps - 1];
            hulls.set(hs, a, rho, etaSteps, proj, ux, uy);
            double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
            for (double[] c : new double[][] {{ahead, side}, {ahead, -side}, {-back, side}, {-back, -side}}) {
                double x = c[0] * ux - c[1] * uy, y = c[0] * uy + c[1] * ux;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
            Coordinate lo = proj.toLonLat(Math.max(minX, -range), Math.max(minY, -range));
            Coordinate hi = proj.toLonLat(Math.min(maxX, range), Math.min(maxY, range));
            int found = leaves.candidates(lo.x, lo.y, hi.x, hi.y, seen, nextStamp(), this.found);
            Map<Zone, Double> eta = new LinkedHashMap<>();
            for (int j = 0; j < found; j++) {
                int k = hulls.firstStep(leaves, this.found[j]);
                if (k >= 0) eta.put(leaves.zones[this.found[j]], Math.min(end, k * dt));
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
            double v = maxSpeed(r);
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
            return outline(r, proj, supports(r, TurnBound.of(r, turnScale), end, dt, steps), steps, end);
        }

        /**
         * The whole area, for operators and the early warning: the polygon of the half-planes of the
         * largest support over the steps (the set is convex in time between steps, so that holds every
         * position up to {@code end}), cut by the range disc.
         */
        static Geometry outline(TrackReport r, LocalProjection proj, double[] h, int steps, double end) {
            int n = TurnBound.DIRECTIONS;
            double[] most = new double[n];
            Arrays.fill(most, Double.NEGATIVE_INFINITY);
            for (int k = 0; k <= steps; k++) for (int j = 0; j < n; j++) most[j] = Math.max(most[j], h[k * n + j]);
            double s = r.speed();
            double ux = s > 0 ? r.east() / s : 1, uy = s > 0 ? r.north() / s : 0;
            Coordinate[] pts = new Coordinate[n];
            double det = Math.sin(2 * Math.PI / n);
            for (int j = 0; j < n; j++) {
                int i = (j + 1) % n;
                double c0 = TurnBound.COS[j], s0 = TurnBound.SIN[j], c1 = TurnBound.COS[i], s1 = TurnBound.SIN[i];
                double a = (most[j] * s1 - most[i] * s0) / det, b = (c0 * most[i] - c1 * most[j]) / det;
                pts[j] = proj.toLonLat(a * ux - b * uy, a * uy + b * ux);
            }
            Geometry polygon = new ConvexHull(pts, GF).getConvexHull();
            return clip(polygon, disc(proj, 0, 0, range(r, maxSpeed(r), end)));
        }

        /**
         * Where the model stops: the horizon, or the time a glider takes to glide its range at the
         * slowest speed the model allows.
         */
        static double end(TrackReport r, double horizon) {
            double glide = glideRange(r), slowest = TurnBound.minSpeed(r);
            horizon = Math.max(0, horizon); // a horizon before the report (a margin far below zero) is the report
            if (glide < Double.POSITIVE_INFINITY && slowest > 0) return Math.min(horizon, glide / slowest);
            return horizon;
        }

        /**
         * The bound's support {@code h(t_k, β_j)} at {@code t = 0, dt, 2 dt, …, end} in each of the
         * {@link TurnBound#DIRECTIONS} directions ({@code h[k * DIRECTIONS + j]}); the last one holds
         * the class's terminal disc around the straight projection, if it has one.
         */
        static double[] supports(TrackReport r, TurnBound b, double end, double dt, int steps) {
            int n = TurnBound.DIRECTIONS;
            double[] h = new double[(steps + 1) * n];
            for (int k = 0; k <= steps; k++) {
                double t = Math.min(end, k * dt);
                for (int j = 0; j <= n / 2; j++) {
                    double v = b.support(t, TurnBound.BETA[j]);
                    h[k * n + j] = v;
                    if (j > 0 && j < n / 2) h[k * n + n - j] = v;
                }
            }
            double terminal = r.threatClass().terminalRadius;
            if (terminal > 0)
                for (int j = 0; j < n; j++)
                    h[steps * n + j] = Math.max(h[steps * n + j], b.speed * end * TurnBound.COS[j] + terminal + b.u);
            return h;
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
