package org.tryvoha.track;

import java.util.Arrays;

/**
 * The first step at which a threat's path can reach a leaf zone, by plain arithmetic on the zone's
 * outline (no JTS overlay, no prepared geometry, nothing allocated per zone).
 *
 * <p>Coordinates are metres along the reported heading ({@code a}) and to its left ({@code b}). Step
 * {@code k} is the convex polygon of the half-planes {@code a cos γ_j + b sin γ_j ≤ h_kj} over the
 * {@link TurnBound#DIRECTIONS} directions {@code γ_j} (the caller passes, per step, the larger of the
 * bound's supports at its two ends, which holds every position between them), and it holds the
 * point {@code (a_k, 0)} (the straight flight at the reported speed). A zone meets a step iff one of
 * its edges meets the polygon (a segment clipped by the half-planes) or its outline holds a point of
 * the polygon: when no edge meets it, the polygon lies wholly inside or outside the zone, and
 * {@code (a_k, 0)} tells which. It must also be within the range disc {@code rho_k} of the origin.
 *
 * <p>Not thread-safe: scratch arrays are reused (one instance per calculator).
 */
final class StepHulls {
    private static final int N = TurnBound.DIRECTIONS, AHEAD = 0, LEFT = N / 4, BACK = N / 2, RIGHT = 3 * N / 4;
    private double[] h = new double[0], a = new double[0], rho = new double[0];
    private double[] ahead = new double[0], side = new double[0]; // running maxima over the steps: non-decreasing
    private int steps;
    private double lon0, lat0, mx, my, ux, uy;
    private double[] pa = new double[256], pb = new double[256], cross = new double[64];

    /**
     * Sets the steps for one report.
     *
     * @param supports {@code h_kj} at {@code k * DIRECTIONS + j} for {@code k = 0 .. steps - 1}
     * @param centres {@code a_k} for {@code k = 0 .. steps}: a point of step {@code k} on {@code b = 0}
     * @param range {@code rho_k} for {@code k = 0 .. steps - 1}, non-decreasing
     * @param proj the report's local projection; {@code (ux, uy)} the unit direction of the heading in it
     */
    void set(
            double[] supports,
            double[] centres,
            double[] range,
            int steps,
            LocalProjection proj,
            double ux,
            double uy) {
        this.h = supports;
        this.a = centres;
        this.rho = range;
        this.steps = steps;
        if (ahead.length < steps) {
            ahead = new double[Math.max(steps, 2 * ahead.length)];
            side = new double[ahead.length];
        }
        for (int k = 0; k < steps; k++) {
            double f = h[k * N + AHEAD], s = Math.max(h[k * N + LEFT], h[k * N + RIGHT]);
            ahead[k] = k == 0 ? f : Math.max(ahead[k - 1], f);
            side[k] = k == 0 ? s : Math.max(side[k - 1], s);
        }
        this.lon0 = proj.lon0();
        this.lat0 = proj.lat0();
        this.mx = proj.metresPerDegLon();
        this.my = LocalProjection.METRES_PER_DEG_LAT;
        this.ux = ux;
        this.uy = uy;
    }

    /** The first step (below {@code steps}) whose polygon and range disc both meet leaf {@code i}, or -1. */
    int firstStep(LeafOutlines leaves, int i) {
        int from = leaves.ringPoint[leaves.leafRing[i]], to = leaves.ringPoint[leaves.leafRing[i + 1]];
        int n = to - from;
        if (n == 0) return -1;
        if (pa.length < n) {
            pa = new double[Math.max(n, 2 * pa.length)];
            pb = new double[pa.length];
        }
        double amin = Double.POSITIVE_INFINITY,
                amax = Double.NEGATIVE_INFINITY,
                bmin = Double.POSITIVE_INFINITY,
                bmax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double x = (leaves.lon[from + j] - lon0) * mx, y = (leaves.lat[from + j] - lat0) * my;
            double pj = x * ux + y * uy, qj = y * ux - x * uy;
            pa[j] = pj;
            pb[j] = qj;
            amin = Math.min(amin, pj);
            amax = Math.max(amax, pj);
            bmin = Math.min(bmin, qj);
            bmax = Math.max(bmax, qj);
        }
        double babs = bmin > 0 ? bmin : bmax < 0 ? -bmax : 0;
        int best = Math.max(firstAtLeast(ahead, steps, amin), firstAtLeast(side, steps, babs));
        if (best >= steps) return -1;
        int kr = firstAtLeast(rho, steps, distanceFromOrigin(leaves, i, from, amin, amax, bmin, bmax));
        best = Math.max(best, kr);
        if (best >= steps) return -1;
        int lowest = best;
        best = steps;
        // the points on the path inside the outline (even-odd over the crossings of b = 0)
        int nc = crossings(leaves, i, from);
        for (int k = lowest; k < best; k++) {
            if (a[k] >= amin && a[k] <= amax && inside(a[k], nc)) {
                best = k;
                break;
            }
        }
        for (int j = leaves.leafRing[i]; j < leaves.leafRing[i + 1] && best > lowest; j++) {
            for (int e = leaves.ringPoint[j] - from; e < leaves.ringPoint[j + 1] - from - 1 && best > lowest; e++) {
                best = edge(pa[e], pb[e], pa[e + 1], pb[e + 1], lowest, best);
            }
        }
        return best < steps ? best : -1;
    }

    /** The first step in {@code [lowest, best)} whose polygon meets the edge, else {@code best}. */
    private int edge(double p0, double q0, double p1, double q1, int lowest, int best) {
        double emin = Math.min(p0, p1), emax = Math.max(p0, p1), qmin = Math.min(q0, q1), qmax = Math.max(q0, q1);
        double babs = qmin > 0 ? qmin : qmax < 0 ? -qmax : 0;
        if (babs > side[best - 1] || emin > ahead[best - 1]) return best; // beyond every step before best
        int k = Math.max(lowest, Math.max(firstAtLeast(ahead, best, emin), firstAtLeast(side, best, babs)));
        for (; k < best; k++) {
            int o = k * N;
            if (emin > h[o + AHEAD] || emax < -h[o + BACK] || qmin > h[o + LEFT] || qmax < -h[o + RIGHT])
                continue; // outside the step's box
            if (meets(p0, q0, p1, q1, h, o)) return k;
        }
        return best;
    }

    /**
     * Whether segment {@code (p0,q0)-(p1,q1)} meets the polygon of the half-planes
     * {@code p cos γ_j + q sin γ_j ≤ h[o + j]}: the segment's {@code [0, 1]} clipped by each (Cyrus–Beck).
     */
    static boolean meets(double p0, double q0, double p1, double q1, double[] h, int o) {
        double t0 = 0, t1 = 1, dp = p1 - p0, dq = q1 - q0;
        for (int j = 0; j < N; j++) {
            double c = TurnBound.COS[j], s = TurnBound.SIN[j];
            double g0 = p0 * c + q0 * s - h[o + j], g1 = g0 + dp * c + dq * s; // inside where g <= 0
            if (g0 > 0 && g1 > 0) return false;
            if (g0 > 0) t0 = Math.max(t0, g0 / (g0 - g1));
            else if (g1 > 0) t1 = Math.min(t1, g0 / (g0 - g1));
            if (t0 > t1) return false;
        }
        return true;
    }

    /** Squared distance from {@code (c, 0)} to the segment. */
    private static double segmentDistanceSq(double p0, double q0, double p1, double q1, double c) {
        double dp = p1 - p0, dq = q1 - q0, len = dp * dp + dq * dq;
        double t = len == 0 ? 0 : Math.clamp(((c - p0) * dp - q0 * dq) / len, 0, 1);
        double x = p0 + t * dp - c, y = q0 + t * dq;
        return x * x + y * y;
    }

    /** Distance from the origin (the report's position) to the leaf: 0 when inside. */
    private double distanceFromOrigin(
            LeafOutlines leaves, int i, int from, double amin, double amax, double bmin, double bmax) {
        if (amin <= 0 && amax >= 0 && bmin <= 0 && bmax >= 0) {
            int nc = crossings(leaves, i, from);
            if (inside(0, nc)) return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = leaves.leafRing[i]; j < leaves.leafRing[i + 1]; j++) {
            for (int e = leaves.ringPoint[j] - from; e < leaves.ringPoint[j + 1] - from - 1; e++) {
                best = Math.min(best, segmentDistanceSq(pa[e], pb[e], pa[e + 1], pb[e + 1], 0));
            }
        }
        return Math.sqrt(best);
    }

    /** Where the leaf's edges cross {@code b = 0} (half-open in b), sorted into {@code cross}; returns how many. */
    private int crossings(LeafOutlines leaves, int i, int from) {
        int nc = 0;
        for (int j = leaves.leafRing[i]; j < leaves.leafRing[i + 1]; j++) {
            for (int e = leaves.ringPoint[j] - from; e < leaves.ringPoint[j + 1] - from - 1; e++) {
                if ((pb[e] > 0) == (pb[e + 1] > 0)) continue;
                if (nc == cross.length) cross = Arrays.copyOf(cross, 2 * nc);
                cross[nc++] = pa[e] + (pa[e + 1] - pa[e]) * (0 - pb[e]) / (pb[e + 1] - pb[e]);
            }
        }
        Arrays.sort(cross, 0, nc);
        return nc;
    }

    /** Even-odd: a point {@code (x, 0)} is inside when an odd number of crossings lie beyond it. */
    private boolean inside(double x, int nc) {
        int beyond = nc - upperBound(cross, nc, x);
        return (beyond & 1) == 1;
    }

    private static int upperBound(double[] v, int n, double x) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The first index in {@code [0, n)} whose (non-decreasing) value is at least {@code x}, else {@code n}. */
    private static int firstAtLeast(double[] v, int n, double x) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
