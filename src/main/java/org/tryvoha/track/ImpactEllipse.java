package org.tryvoha.track;

import org.locationtech.jts.geom.Coordinate;

/**
 * Where a ballistic threat will land, with its uncertainty: the predicted impact point, the
 * covariance of that point as an ellipse, and the time to impact.
 *
 * <p>From one report: the state (position, altitude, velocity with its vertical part) is flown to
 * the ground by {@link Ballistics} with the class's nominal ballistic coefficient. Its errors are
 * propagated to the impact point to first order: each uncertain input is moved by one standard
 * deviation and flown again (altitude; east, north and vertical velocity; the ballistic coefficient,
 * log-normal), and the moves of the impact point sum to its covariance, together with the
 * horizontal position error (which moves the impact point one for one) and a model error of
 * {@link #MODEL_SHARE} of the remaining ground range (linearisation, gravity's fall with height,
 * the atmosphere's departure from the exponential). The reported {@code uncertainty_m} and
 * {@code velocity_uncertainty} are read as 95% bounds per axis, so one standard deviation is
 * {@code 1/1.96} of them. The 95% ellipse of a two-dimensional normal error is {@code √5.99 = 2.45}
 * standard deviations along each principal axis ({@link #K95}). The point is placed on the ground
 * along the great circle the flat frame's straight line is ({@link #overGround}).
 *
 * @param lon longitude of the predicted impact point
 * @param lat its latitude
 * @param major one standard deviation along the major axis, m
 * @param minor one standard deviation along the minor axis, m
 * @param azimuth direction of the major axis, radians clockwise from north
 * @param timeToImpact seconds from the report to the predicted impact
 * @param sigmaTime one standard deviation of that time, s
 */
public record ImpactEllipse(
        double lon, double lat, double major, double minor, double azimuth, double timeToImpact, double sigmaTime) {
    /** 95% of a two-dimensional normal error lies within this many standard deviations (χ², 2 dof). */
    public static final double K95 = Math.sqrt(-2 * Math.log(0.05));
    /** A zone stays warned while it meets this wider ellipse (99.9%), so noise cannot make it flap. */
    public static final double K_KEEP = Math.sqrt(-2 * Math.log(0.001));
    /** Per-axis 95% bound → one standard deviation. */
    static final double Z95 = 1.96;
    /** The model's own error, as a share of the ground range still to fly (one standard deviation). */
    static final double MODEL_SHARE = 0.005;

    static final int SIDES = 32;

    /** The prediction from one report of a ballistic threat with a known altitude. */
    public static ImpactEllipse predict(TrackReport r) {
        ThreatClass c = r.threatClass();
        double sp = r.uncertainty() / Z95;
        double sv = velocitySigma(r);
        double beta = c.ballisticCoefficient, sb = c.sigmaLnBeta;
        double h = r.altitude();
        Ballistics.Impact p = Ballistics.impact(h, r.east(), r.north(), r.up(), beta, r.lat());
        double range = Math.hypot(p.x(), p.y());
        double sm = MODEL_SHARE * range;
        double cxx = sp * sp + sm * sm, cyy = cxx, cxy = 0, ctt = 0;
        Ballistics.Impact[] moved = {
            Ballistics.impact(h + sp, r.east(), r.north(), r.up(), beta, r.lat()),
            Ballistics.impact(h, r.east() + sv, r.north(), r.up(), beta, r.lat()),
            Ballistics.impact(h, r.east(), r.north() + sv, r.up(), beta, r.lat()),
            Ballistics.impact(h, r.east(), r.north(), r.up() + sv, beta, r.lat()),
            Ballistics.impact(h, r.east(), r.north(), r.up(), beta * Math.exp(sb), r.lat())
        };
        for (Ballistics.Impact m : moved) {
            double dx = m.x() - p.x(), dy = m.y() - p.y(), dt = m.t() - p.t();
            cxx += dx * dx;
            cyy += dy * dy;
            cxy += dx * dy;
            ctt += dt * dt;
        }
        // principal axes of the 2×2 covariance
        double mean = (cxx + cyy) / 2, diff = Math.sqrt(((cxx - cyy) / 2) * ((cxx - cyy) / 2) + cxy * cxy);
        double l1 = mean + diff, l2 = Math.max(0, mean - diff);
        double angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy); // from east, counter-clockwise
        double[] at = overGround(r.lat(), r.lon(), p.x(), p.y());
        return new ImpactEllipse(
                at[0], at[1], Math.sqrt(l1), Math.sqrt(l2), Math.PI / 2 - angle + at[2], p.t(), Math.sqrt(ctt));
    }

    /** The sphere on which a degree of latitude is the 111,320 m {@link LocalProjection} counts. */
    private static final double DEGREE_RADIUS = LocalProjection.METRES_PER_DEG_LAT * 180 / Math.PI;

    /**
     * The ground point that {@link Ballistics}' frame at {@code (lat, lon)} puts at {@code (x, y)}: a straight
     * line in that frame is a great circle, so the point is the end of the great circle of that ground
     * length and initial bearing, not the equirectangular offset (which strays {@code d² tan φ / 2R} to the
     * side: 13 km after 370 km due west at 50° N). Returns {lon, lat, how far north at that point is turned
     * clockwise from the frame's north, radians}, so the ellipse's axes keep their direction on the ground.
     */
    public static double[] overGround(double lat, double lon, double x, double y) {
        double d = Math.hypot(x, y);
        if (d == 0) return new double[] {lon, lat, 0};
        double rb = Ballistics.EARTH_RADIUS;
        // the impact lies on the ground, d²/2R below the frame's plane; its ground length, in degrees' metres
        double delta = rb * Math.atan2(d, rb - d * d / (2 * rb)) / DEGREE_RADIUS;
        double a = Math.atan2(x, y), f1 = Math.toRadians(lat);
        double f2 = Math.asin(Math.sin(f1) * Math.cos(delta) + Math.cos(f1) * Math.sin(delta) * Math.cos(a));
        double dl =
                Math.atan2(Math.sin(a) * Math.sin(delta) * Math.cos(f1), Math.cos(delta) - Math.sin(f1) * Math.sin(f2));
        // the bearing on arrival, from the bearing back to the start
        double back = Math.atan2(
                -Math.sin(dl) * Math.cos(f1), Math.cos(f2) * Math.sin(f1) - Math.sin(f2) * Math.cos(f1) * Math.cos(dl));
        double arrive = back + Math.PI;
        double turn = Math.atan2(Math.sin(arrive - a), Math.cos(arrive - a));
        return new double[] {lon + Math.toDegrees(dl), Math.toDegrees(f2), turn};
    }

    /** Below this (m/s²), a speed gain is not taken for thrust even when the reports are precise. */
    static final double THRUST_MIN = 1.0;

    /**
     * Whether the track gained speed between two reports beyond what noise explains, so its motor is
     * still burning: unpowered, {@code d|v|/dt = -g sin γ - drag}; whatever the speed did beyond that
     * (with the least drag the class allows, so a fall never looks like thrust) is thrust. The noise of
     * a speed difference is {@code √2 σ_v}; more than three of it over the interval counts.
     */
    public static boolean thrusting(TrackReport older, TrackReport newer) {
        double dt = (newer.time().toEpochMilli() - older.time().toEpochMilli()) / 1000.0;
        if (dt <= 0 || Double.isNaN(older.altitude()) || Double.isNaN(newer.altitude())) return false;
        double va = Math.sqrt(older.speed() * older.speed() + older.up() * older.up());
        double vb = Math.sqrt(newer.speed() * newer.speed() + newer.up() * newer.up());
        if (va <= 0 || vb <= 0) return false;
        ThreatClass c = newer.threatClass();
        double sinGamma = (older.up() / va + newer.up() / vb) / 2;
        double h = Math.max(0, (older.altitude() + newer.altitude()) / 2), v = (va + vb) / 2;
        double leastDrag = Ballistics.RHO0
                * Math.exp(-h / Ballistics.SCALE_HEIGHT)
                * v
                * v
                / (2 * c.ballisticCoefficient * Math.exp(2 * c.sigmaLnBeta));
        double thrust = (vb - va) / dt + Ballistics.G * sinGamma + leastDrag;
        double sv = Math.max(velocitySigma(older), velocitySigma(newer));
        return thrust > 3 * Math.sqrt(2) * sv / dt + THRUST_MIN;
    }

    private static double velocitySigma(TrackReport r) {
        double u =
                Double.isNaN(r.velocityUncertainty()) ? r.threatClass().velocityUncertainty : r.velocityUncertainty();
        return u / Z95;
    }

    /** The earliest the threat can be down, at 95%: never below zero. */
    public double earliestImpact() {
        return Math.max(0, timeToImpact - K95 * sigmaTime);
    }

    /** The area of the ellipse of {@code k} standard deviations, km². */
    public double areaKm2(double k) {
        return Math.PI * k * major * k * minor / 1e6;
    }

    /**
     * A polygon holding the ellipse of {@code k} standard deviations (its sides are tangent to an
     * ellipse {@code 1/cos(π/n)} larger, so none of it is left out), plus {@code pad} metres all round,
     * as lon/lat points, counter-clockwise, not closed.
     */
    public Coordinate[] outline(double k, double pad) {
        LocalProjection proj = LocalProjection.around(lat, lon);
        double grow = 1 / Math.cos(Math.PI / SIDES);
        double a = (k * major + pad) * grow, b = (k * minor + pad) * grow;
        double ux = Math.sin(azimuth), uy = Math.cos(azimuth); // major axis, east/north
        Coordinate[] out = new Coordinate[SIDES];
        for (int i = 0; i < SIDES; i++) {
            double th = 2 * Math.PI * i / SIDES;
            double u = a * Math.cos(th), v = b * Math.sin(th);
            // v along the minor axis, 90° counter-clockwise from the major one
            out[i] = proj.toLonLat(u * ux - v * uy, u * uy + v * ux);
        }
        return out;
    }

    /** Whether a lon/lat point lies within {@code k} standard deviations of the predicted impact. */
    public boolean contains(double lonP, double latP, double k) {
        LocalProjection proj = LocalProjection.around(lat, lon);
        double x = proj.x(lonP), y = proj.y(latP);
        double ux = Math.sin(azimuth), uy = Math.cos(azimuth);
        double u = x * ux + y * uy, v = -x * uy + y * ux;
        double a = k * Math.max(major, 1e-6), b = k * Math.max(minor, 1e-6);
        return (u / a) * (u / a) + (v / b) * (v / b) <= 1;
    }
}
