package org.tryvoha.track;

/**
 * Where a threat that cannot turn faster than its class nor leave its speed range can be, as the
 * support function of a convex set: a conservative bound, cheap to evaluate in closed form.
 *
 * <p>From a report at the origin heading along {@code +a}: the heading at time {@code τ} lies within
 * {@code ±(δ + ωτ)} of the reported one ({@code δ} the heading's own uncertainty, {@code ω} the class
 * turn rate), the speed within {@code [sMin, sMax]}, so the velocity lies in {@code A(τ)}, the convex
 * hull of those speeds times that arc of headings, and the position at {@code t} in
 * {@code D(u) + ∫₀ᵗ A(τ) dτ} ({@code u} the position uncertainty): an Aumann integral of convex sets,
 * convex, whose support function in a direction {@code β} off the heading is
 * {@code h(t, β) = u + ∫₀ᵗ max_{v ∈ A(τ)} v·e(β) dτ}. The integrand is {@code sMax·cos(β − α)} once
 * the arc's half-width {@code α = δ + ωτ} comes within 90° of {@code β} (1 once it holds {@code β}),
 * and {@code sMin·cos(β − α)} (negative: the threat cannot stand still) before that. It never
 * decreases in {@code τ}, so {@code h} is convex in {@code t}: the set at any time between two
 * instants lies in the hull of the sets at those instants (support function the larger of the two).
 * The half-planes {@code x·e(β_j) ≤ h(t, β_j)} of any finite set of directions hold the set: an
 * outer bound.
 *
 * <p>The bound is tight as a convex set: in each direction the support is flown by a feasible flight
 * (from the edge of the heading's uncertainty nearest the direction, turn toward it at the full rate,
 * then fly straight, fastest while within 90° of it and slowest before), so it is the convex hull
 * of where the threat can be, and no convex bound holds every such flight in less. Against the disc
 * bound it replaced ({@code u + (s' − s)t + ∫ 2s' sin(min(ωτ, π)/2) dτ} around the straight
 * projection, cut by the range disc), it keeps that a turned threat makes less ground along its new
 * course: a 240 m/s cruise missile (3°/s) reaches 17.7 km behind its report after 108 s instead of
 * 25.5, and the set at 108 s is 2,117 km² instead of 2,663.
 */
final class TurnBound {
    /** Directions of the polygon bound, evenly spaced from the heading; a multiple of 4 (ahead, sides, back). */
    static final int DIRECTIONS = 32;

    static final double[] COS = new double[DIRECTIONS], SIN = new double[DIRECTIONS], BETA = new double[DIRECTIONS];

    static {
        for (int j = 0; j < DIRECTIONS; j++) {
            double g = 2 * Math.PI * j / DIRECTIONS;
            COS[j] = Math.cos(g);
            SIN[j] = Math.sin(g);
            BETA[j] = Math.min(g, 2 * Math.PI - g); // the angle off the heading, 0..π: the bound is symmetric
        }
    }

    final double u, speed, sMin, sMax, delta, omega;

    TurnBound(double u, double speed, double sMin, double sMax, double delta, double omega) {
        this.u = u;
        this.speed = speed;
        this.sMin = sMin;
        this.sMax = sMax;
        this.delta = delta;
        this.omega = omega;
    }

    /** The bound of a report under its class's limits. */
    static TurnBound of(TrackReport r) {
        return of(r, 1);
    }

    /**
     * The bound with the class's turn rate scaled by {@code turnScale}: 1 in service; the tests shrink
     * it to show that their flights find a bound too tight.
     */
    static TurnBound of(TrackReport r, double turnScale) {
        ThreatClass c = r.threatClass();
        double s = r.speed(), e = velocityError(r);
        return new TurnBound(
                r.uncertainty(),
                s,
                minSpeed(r),
                ThreatArea.maxSpeed(r),
                s <= 0 || e >= s ? Math.PI : Math.asin(e / s),
                turnScale * Math.toRadians(c.turnRateDeg));
    }

    /**
     * How far the true velocity may lie from the reported one (m/s): the stated 95% bound per axis over
     * both axes ({@code √2·velocity_uncertainty}), at least the speed tolerance ({@code 0.15 s}), which
     * is all a report that states none is taken as good to. It turns the heading by at most
     * {@code asin(e/s)} (8.6° at the tolerance), every way when it can reach the speed (a slow or
     * hovering threat).
     */
    static double velocityError(TrackReport r) {
        double tolerance = ThreatClass.SPEED_TOLERANCE * r.speed();
        return Double.isNaN(r.velocityUncertainty())
                ? tolerance
                : Math.max(tolerance, Math.sqrt(2) * r.velocityUncertainty());
    }

    /**
     * The slowest the threat may fly: the class's floor ({@link ThreatClass#minSpeed}: what its wing
     * needs to stay up), never above the reported speed less its error (a slow report of a fast class
     * is believed: a missile just launched, a glider pulling up).
     */
    static double minSpeed(TrackReport r) {
        return Math.max(0, Math.min(r.threatClass().minSpeed, r.speed() - velocityError(r)));
    }

    /**
     * {@code h(t, β)}: how far along the direction {@code β} (radians off the reported heading, 0..π)
     * the threat can be from the report's position after {@code t} seconds.
     */
    double support(double t, double beta) {
        if (t <= 0) return u; // a horizon at or before the report (a setting far below zero): where it is
        double x0 = beta - delta; // the angle between β and the nearer edge of the arc at τ = 0
        if (x0 <= 0) return u + sMax * t;
        if (omega <= 0) {
            double c = Math.cos(x0);
            return u + (c >= 0 ? sMax : sMin) * c * t;
        }
        // t0: the arc comes within 90° of β; t1: the arc holds β
        double t0 = Math.clamp((x0 - Math.PI / 2) / omega, 0, t), t1 = Math.clamp(x0 / omega, t0, t);
        double s0 = Math.sin(x0), sa = Math.sin(x0 - omega * t0), sb = Math.sin(x0 - omega * t1);
        return u + (sMin * (s0 - sa) + sMax * (sa - sb)) / omega + sMax * (t - t1);
    }
}
