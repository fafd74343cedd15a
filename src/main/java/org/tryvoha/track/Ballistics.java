package org.tryvoha.track;

/**
 * Unpowered flight to the ground: gravity, air drag and the Earth's rotation, in a local frame
 * around the report (x east, y north, z up, metres; the ground is the sphere of radius {@link #EARTH_RADIUS}
 * below the report, so the ground drops by {@code d² / 2R} at horizontal distance {@code d}).
 *
 * <p>Forces per unit mass: gravity {@link #G} towards the Earth's centre (its direction tilts by
 * {@code d / R}), falling with the square of the distance to it ({@code (R / (R + h))²}: 2% less at
 * 60 km), drag {@code ρ(h) |v| v / 2β} with an exponential atmosphere ({@link #RHO0},
 * {@link #SCALE_HEIGHT}) and ballistic coefficient {@code β = m / (C_d A)} in kg/m², and the Coriolis
 * acceleration {@code -2 Ω × v}. Classical fourth-order Runge–Kutta; without drag, rotation and
 * curvature (a flat Earth, where gravity does not fall either) it integrates the parabola exactly,
 * so it meets the closed form to rounding. Good to well under 1%
 * of the remaining range up to ~500 km (the sphere is the only curvature term). Stateless and
 * thread-safe.
 */
public final class Ballistics {
    public static final double G = 9.81;
    public static final double EARTH_RADIUS = 6_371_000;
    static final double OMEGA = 7.292_115e-5;
    static final double RHO0 = 1.225;
    static final double SCALE_HEIGHT = 8_500;
    /** No flight this model serves lasts longer: a 500 km shot is down in about 6 minutes. */
    static final double MAX_SECONDS = 1_200;

    private Ballistics() {}

    /**
     * Where and when a free-flying threat meets the ground.
     *
     * @param x east of the frame's origin, m
     * @param y north, m
     * @param t seconds from the state given
     * @param descent the flight-path angle below the horizon at impact, radians
     */
    public record Impact(double x, double y, double t, double descent) {}

    /**
     * Flies from {@code (0, 0, h)} with velocity {@code (ve, vn, vu)} to the ground.
     *
     * @param beta ballistic coefficient (kg/m²); {@link Double#POSITIVE_INFINITY} for no drag
     * @param latDeg latitude of the origin, for the Earth's rotation; NaN leaves rotation out
     */
    public static Impact impact(double h, double ve, double vn, double vu, double beta, double latDeg) {
        return impact(h, ve, vn, vu, beta, latDeg, EARTH_RADIUS);
    }

    /** {@link #impact} over a sphere of {@code radius} (m); {@link Double#POSITIVE_INFINITY}: a flat Earth. */
    static Impact impact(double h, double ve, double vn, double vu, double beta, double latDeg, double radius) {
        double[] s = {0, 0, Math.max(0, h), ve, vn, vu};
        double oe = 0, on = 0, ou = 0;
        if (!Double.isNaN(latDeg)) {
            on = OMEGA * Math.cos(Math.toRadians(latDeg));
            ou = OMEGA * Math.sin(Math.toRadians(latDeg));
        }
        double[] w = {oe, on, ou};
        double dt = step(h, vu);
        double t = 0;
        double[] k1 = new double[6], k2 = new double[6], k3 = new double[6], k4 = new double[6], tmp = new double[6];
        while (t < MAX_SECONDS) {
            double before = height(s, radius);
            double[] prev = s.clone();
            deriv(s, beta, w, radius, k1);
            add(s, k1, dt / 2, tmp);
            deriv(tmp, beta, w, radius, k2);
            add(s, k2, dt / 2, tmp);
            deriv(tmp, beta, w, radius, k3);
            add(s, k3, dt, tmp);
            deriv(tmp, beta, w, radius, k4);
            for (int i = 0; i < 6; i++) s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            double after = height(s, radius);
            if (after <= 0) {
                // the ground lies inside this step: the cubic Hermite through both ends places it to well under a metre
                double f = crossing(prev, s, before, after, dt, radius);
                double x = hermite(prev[0], s[0], prev[3], s[3], dt, f);
                double y = hermite(prev[1], s[1], prev[4], s[4], dt, f);
                double vh = Math.hypot(lerp(prev[3], s[3], f), lerp(prev[4], s[4], f));
                double vz = lerp(prev[5], s[5], f);
                return new Impact(x, y, t + f * dt, Math.atan2(-vz, vh));
            }
            t += dt;
        }
        return new Impact(s[0], s[1], MAX_SECONDS, 0);
    }

    /** A step of about 1/400 of the vacuum flight time, 0.02–0.5 s. */
    static double step(double h, double vu) {
        double tVac = (vu + Math.sqrt(vu * vu + 2 * G * Math.max(0, h))) / G;
        return Math.max(0.02, Math.min(0.5, tVac / 400));
    }

    /** Closed form for a flat, still, airless Earth: time to fall from {@code h} with vertical speed {@code vu}. */
    public static double vacuumTime(double h, double vu) {
        return (vu + Math.sqrt(vu * vu + 2 * G * Math.max(0, h))) / G;
    }

    /** Height above the spherical ground of a point in the local frame. */
    private static double height(double[] s, double radius) {
        return s[2] + (s[0] * s[0] + s[1] * s[1]) / (2 * radius);
    }

    /** The fraction of the step at which the height reaches zero (Newton on the Hermite height). */
    private static double crossing(double[] a, double[] b, double ha, double hb, double dt, double radius) {
        double f = ha / (ha - hb);
        for (int i = 0; i < 4; i++) {
            double z = hermite(a[2], b[2], a[5], b[5], dt, f)
                    + (sq(hermite(a[0], b[0], a[3], b[3], dt, f)) + sq(hermite(a[1], b[1], a[4], b[4], dt, f)))
                            / (2 * radius);
            double dz = lerp(a[5], b[5], f) * dt;
            if (dz >= 0) break;
            f = Math.max(0, Math.min(1, f - z / dz));
        }
        return f;
    }

    private static double hermite(double p0, double p1, double v0, double v1, double dt, double f) {
        double f2 = f * f, f3 = f2 * f;
        return (2 * f3 - 3 * f2 + 1) * p0 + (f3 - 2 * f2 + f) * dt * v0 + (-2 * f3 + 3 * f2) * p1 + (f3 - f2) * dt * v1;
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    private static double sq(double a) {
        return a * a;
    }

    private static void add(double[] s, double[] k, double h, double[] out) {
        for (int i = 0; i < 6; i++) out[i] = s[i] + h * k[i];
    }

    private static void deriv(double[] s, double beta, double[] w, double radius, double[] out) {
        double ve = s[3], vn = s[4], vu = s[5];
        out[0] = ve;
        out[1] = vn;
        out[2] = vu;
        // gravity points to the Earth's centre, which lies at (0, 0, -R) in this frame, and falls with
        // the square of the distance to it (2% at 60 km, where a 300 km shot still has 100 s to fly)
        double fall = radius == Double.POSITIVE_INFINITY ? 1 : sq(radius / (radius + Math.max(0, height(s, radius))));
        double g = G * fall;
        double gx = -g * s[0] / radius, gy = -g * s[1] / radius, gz = -g;
        double drag = 0;
        if (beta < Double.POSITIVE_INFINITY) {
            double rho = RHO0 * Math.exp(-Math.max(0, height(s, radius)) / SCALE_HEIGHT);
            drag = rho * Math.sqrt(ve * ve + vn * vn + vu * vu) / (2 * beta);
        }
        // Coriolis: -2 Ω × v, Ω = (0, Ω cos φ, Ω sin φ) in east/north/up
        double ce = -2 * (w[1] * vu - w[2] * vn);
        double cn = -2 * (w[2] * ve - w[0] * vu);
        double cu = -2 * (w[0] * vn - w[1] * ve);
        out[3] = gx - drag * ve + ce;
        out[4] = gy - drag * vn + cn;
        out[5] = gz - drag * vu + cu;
    }
}
