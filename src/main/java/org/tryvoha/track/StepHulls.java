package org.tryvoha.track;

import java.util.Arrays;

/**
 * The first step at which a threat's path can reach a leaf zone, by plain arithmetic on the zone's
 * outline (no JTS overlay, no prepared geometry, nothing allocated per zone).
 *
 * <p>Coordinates are metres along the path ({@code a}) and to its left ({@code b}), so every disc
 * centre lies on {@code b = 0} at {@code a_k}. Step {@code k} covers the hull of the circles
 * {@code (a_k, r_k)} and {@code (a_{k+1}, r_{k+1})} (radii non-decreasing), which is the union of
 * the two discs and the trapezoid between their outer tangents; a zone meets it iff one of its edges
 * meets one of those three pieces, or its outline holds the centre {@code a_k}. It must also be
 * within the range disc {@code rho_k} of the origin. The caller passes radii already enlarged to
 * the circles around its disc polygons, so the answer is never later than for the polygons.
 *
 * <p>Not thread-safe: scratch arrays are reused (one instance per calculator).
 */
final class StepHulls {
    private double[] a = new double[0], r = new double[0], rho = new double[0];
    private double[] hiA = new double[0]; // a_{k+1} + r_{k+1}: the far end of step k, non-decreasing
    private int steps;
    private double lon0, lat0, mx, my, ux, uy;
    private double[] pa = new double[256], pb = new double[256], cross = new double[64];

    /**
     * Sets the steps for one report.
     *
     * @param centres {@code a_k} for {@code k = 0 .. steps}, non-decreasing
     * @param radii {@code r_k}, non-decreasing
     * @param range {@code rho_k} for {@code k = 0 .. steps - 1}, non-decreasing
     * @param proj the report's local projection; {@code (ux, uy)} the unit direction of the path in it
     */
    void set(double[] centres, double[] radii, double[] range, int steps, LocalProjection proj, double ux, double uy) {
        this.a = centres;
        this.r = radii;
        this.rho = range;
        this.steps = steps;
        if (hiA.length < steps) hiA = new double[Math.max(steps, 2 * hiA.length)];
        for (int k = 0; k < steps; k++)
            hiA[k] = Math.max(k == 0 ? Double.NEGATIVE_INFINITY : hiA[k - 1], a[k + 1] + r[k + 1]);
        this.lon0 = proj.lon0();
        this.lat0 = proj.lat0();
        this.mx = proj.metresPerDegLon();
        this.my = LocalProjection.METRES_PER_DEG_LAT;
        this.ux = ux;
        this.uy = uy;
    }

    /** The first step (below {@code steps}) whose hull and range disc both meet leaf {@code i}, or -1. */
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
        int best = Math.max(firstAtLeast(hiA, steps, amin), firstAtLeast(r, steps + 1, babs) - 1);
        if (best >= steps) return -1;
        int kr = firstAtLeast(rho, steps, distanceFromOrigin(leaves, i, from, amin, amax, bmin, bmax));
        best = Math.max(best, kr);
        if (best >= steps) return -1;
        int lowest = best;
        best = steps;
        // the centres on the path inside the outline (even-odd over the crossings of b = 0)
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

    /** The first step in {@code [lowest, best)} whose hull meets the edge, else {@code best}. */
    private int edge(double p0, double q0, double p1, double q1, int lowest, int best) {
        double emin = Math.min(p0, p1), emax = Math.max(p0, p1);
        double babs = (q0 > 0) != (q1 > 0) ? 0 : Math.min(Math.abs(q0), Math.abs(q1));
        if (babs > r[best] || emin > hiA[best - 1]) return best; // beyond every step before best
        int k = Math.max(lowest, Math.max(firstAtLeast(hiA, best, emin), firstAtLeast(r, best + 1, babs) - 1));
        for (; k < best; k++) {
            if (Math.min(a[k] - r[k], a[k + 1] - r[k + 1]) > emax) continue; // the hull's rear lies beyond the edge
            if (meets(p0, q0, p1, q1, a[k], r[k], a[k + 1], r[k + 1])) return k;
        }
        return best;
    }

    /** Whether segment {@code (p0,q0)-(p1,q1)} meets the hull of the circles {@code (a1,0,r1)} and {@code (a2,0,r2)}. */
    static boolean meets(double p0, double q0, double p1, double q1, double a1, double r1, double a2, double r2) {
        if (segmentDistanceSq(p0, q0, p1, q1, a2) <= r2 * r2 || segmentDistanceSq(p0, q0, p1, q1, a1) <= r1 * r1)
            return true;
        double h = a2 - a1, dr = r2 - r1;
        if (h <= Math.abs(dr)) return false; // one disc holds the other: the hull is that disc
        double na = -dr / h, nb = Math.sqrt(1 - na * na); // outer tangents' normals (na, ±nb)
        // the trapezoid: na (a - a1) ± nb b <= r1, a >= a1 + na r1, a <= a2 + na r2; clip the segment's [0, 1]
        double t0 = 0, t1 = 1;
        double dp = p1 - p0, dq = q1 - q0;
        for (int s = 0; s < 4; s++) {
            double g0, g1; // the constraint's value g <= 0 at both ends
            switch (s) {
                case 0 -> {
                    g0 = na * (p0 - a1) + nb * q0 - r1;
                    g1 = g0 + na * dp + nb * dq;
                }
                case 1 -> {
                    g0 = na * (p0 - a1) - nb * q0 - r1;
                    g1 = g0 + na * dp - nb * dq;
                }
                case 2 -> {
                    g0 = a1 + na * r1 - p0;
                    g1 = g0 - dp;
                }
                default -> {
                    g0 = p0 - a2 - na * r2;
                    g1 = g0 + dp;
                }
            }
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
