package org.tryvoha.track;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The turn bound against flights that press on its edges: every flight within the class limits
 * (turning at the full rate toward some direction, then straight, or full left and right turns in
 * turn, at the slowest and fastest speeds, from the edge of the position and heading uncertainty) must
 * stay inside it and reach no zone before its arrival estimate; and the same flights must find a bound
 * that is too tight, so the test can fail.
 */
class TurnBoundTest {
    private static final List<ThreatClass> CLASSES =
            List.of(ThreatClass.DRONE, ThreatClass.CRUISE_MISSILE, ThreatClass.GUIDED_BOMB, ThreatClass.AIRCRAFT);
    private static final double DT = 0.1;
    private static ZoneTree grid;

    @BeforeAll
    static void load() throws IOException {
        // 1.5 km cells (2.25 km²) over 120 × 120 km: a zone is crossed every few seconds
        String json = FineGrid.geoJson(List.of(new FineGrid.Block("G", 50, 36, 80, 1500)));
        grid = ZoneTree.load(new ByteArrayInputStream(json.getBytes(UTF_8)), ShelterConfig.defaults());
    }

    @Test
    void everyFlightWithinTheClassLimitsStaysInsideTheSupportAtEveryInstant() {
        Random rnd = new Random(21);
        long checks = 0;
        for (int run = 0; run < 400; run++) {
            TrackReport r = report(rnd, CLASSES.get(run % CLASSES.size()));
            TurnBound b = TurnBound.of(r);
            double worst = worstExcess(r, b, rnd, 150);
            assertThat(worst)
                    .as("run %d %s: farthest beyond the bound (m)", run, r)
                    .isLessThanOrEqualTo(1e-6);
            checks++;
        }
        assertThat(checks).isEqualTo(400);
    }

    @Test
    void theSameFlightsLeaveABoundThatIsTooTight() {
        Random rnd = new Random(21);
        int slowTurn = 0, noHeadingError = 0, tooFastFloor = 0;
        for (int run = 0; run < 400; run++) {
            TrackReport r = report(rnd, CLASSES.get(run % CLASSES.size()));
            TurnBound b = limits(r);
            long seed = rnd.nextLong();
            TurnBound slow = new TurnBound(b.u, b.speed, b.sMin, b.sMax, b.delta, 0.9 * b.omega);
            TurnBound sharp = new TurnBound(b.u, b.speed, b.sMin, b.sMax, 0, b.omega);
            TurnBound floor = new TurnBound(b.u, b.speed, Math.min(b.speed, b.sMin + 20), b.sMax, b.delta, b.omega);
            if (worstExcess(r, slow, new Random(seed), 150) > 1) slowTurn++;
            if (worstExcess(r, sharp, new Random(seed), 150) > 1) noHeadingError++;
            if (worstExcess(r, floor, new Random(seed), 150) > 1) tooFastFloor++;
        }
        assertThat(slowTurn).as("flights outside a bound turning 10%% slower").isGreaterThan(20);
        assertThat(noHeadingError)
                .as("flights outside a bound without the heading's error")
                .isGreaterThan(20);
        assertThat(tooFastFloor)
                .as("flights outside a bound whose slowest speed is 20 m/s higher")
                .isGreaterThan(5);
    }

    @Test
    void noFlightReachesASmallZoneBeforeItsArrivalEstimate() {
        int late = lateArrivals(1.0);
        assertThat(late).as("zones reached before their estimate").isZero();
    }

    @Test
    void aTurnRateTooLowGivesLateEstimatesOnTheSameFlights() {
        assertThat(lateArrivals(0.85))
                .as("zones reached before the estimate of a 15%% slower turn")
                .isGreaterThan(0);
    }

    /** Zones of the fine grid reached earlier than the calculator's estimate, over random flights. */
    private static int lateArrivals(double turnScale) {
        Random rnd = new Random(33);
        ThreatArea.Calculator calc = new ThreatArea.Calculator(grid);
        calc.turnScale = turnScale;
        int late = 0;
        for (int run = 0; run < 160; run++) {
            ThreatClass c = CLASSES.get(run % 3); // aircraft leave the grid within seconds
            TrackReport r = report(rnd, c);
            double horizon = 120;
            Map<Zone, Double> eta = calc.compute(r, horizon, horizon).etaSeconds();
            LocalProjection p = LocalProjection.around(r.lat(), r.lon());
            double ux = r.east() / r.speed(), uy = r.north() / r.speed();
            Flight f = new Flight(limits(r), rnd);
            for (double t = 0; t <= horizon + 1e-9; t += DT) {
                double x = f.a * ux - f.b * uy, y = f.a * uy + f.b * ux;
                Coordinate ll = p.toLonLat(x, y);
                List<Zone> at = grid.zonesAt(ll.y, ll.x);
                if (!at.isEmpty()) {
                    Double e = eta.get(at.get(0));
                    if (e == null || e > t + 1e-9) late++;
                }
                f.fly(DT);
            }
        }
        return late;
    }

    /** How far (m) a random flight from {@code r} under the true class limits gets beyond {@code bound}. */
    private static double worstExcess(TrackReport r, TurnBound bound, Random rnd, double horizon) {
        Flight f = new Flight(limits(r), rnd);
        double worst = Double.NEGATIVE_INFINITY;
        for (double t = 0; t <= horizon + 1e-9; t += DT) {
            for (int j = 0; j < TurnBound.DIRECTIONS; j++) {
                double along = f.a * TurnBound.COS[j] + f.b * TurnBound.SIN[j];
                worst = Math.max(worst, along - bound.support(t, TurnBound.BETA[j]));
            }
            f.fly(DT);
        }
        return worst;
    }

    /**
     * The class limits as docs/tracks.md states them, worked out here and not by {@link TurnBound}, so a
     * bound that shrinks them is caught: the turn rate of the class; a velocity error {@code e} of the
     * stated uncertainty over both axes, at least 15% of the speed; the speed within {@code e} of the
     * reported one, no faster than the class and no slower than its floor; the heading within
     * {@code asin(e/s)} of the reported one, any heading when {@code e} reaches the speed.
     */
    static TurnBound limits(TrackReport r) {
        ThreatClass c = r.threatClass();
        double s = r.speed(), e = 0.15 * s;
        if (!Double.isNaN(r.velocityUncertainty())) e = Math.max(e, Math.sqrt(2) * r.velocityUncertainty());
        return new TurnBound(
                r.uncertainty(),
                s,
                Math.max(0, Math.min(c.minSpeed, s - e)),
                Math.max(s, Math.min(c.maxSpeed, s + e)),
                e >= s ? Math.PI : Math.asin(e / s),
                Math.toRadians(c.turnRateDeg));
    }

    private static TrackReport report(Random rnd, ThreatClass c) {
        double speed = c.maxSpeed * (0.3 + 0.6 * rnd.nextDouble()), heading = rnd.nextDouble() * 2 * Math.PI;
        double lat = 50 + (rnd.nextDouble() - 0.5) * 0.2, lon = 36 + (rnd.nextDouble() - 0.5) * 0.3;
        // a third state a velocity uncertainty, from well inside the 15% tolerance to beyond the speed
        double vu = rnd.nextInt(3) == 0 ? speed * rnd.nextDouble() * 0.8 : Double.NaN;
        return new TrackReport(
                "t",
                c,
                Instant.EPOCH,
                lat,
                lon,
                speed * Math.sin(heading),
                speed * Math.cos(heading),
                0,
                Double.NaN,
                50 + rnd.nextDouble() * 400,
                vu,
                null);
    }

    /**
     * One flight within the limits of a bound, in the report's frame ({@code a} along the reported
     * heading, {@code b} to its left), flown exactly (circular arcs at a constant turn rate). Half the
     * flights aim: they turn at the full rate toward a random direction and then fly straight, fast
     * while heading within 90° of it and slow otherwise (the flight that reaches farthest that way);
     * the others turn full left, full right or not at all for random spells, at a random one of the
     * slowest, the fastest or any speed between.
     */
    static final class Flight {
        final TurnBound limits;
        final Random rnd;
        final boolean aim;
        final double target;
        double a, b, heading, turn, speed, spell;

        Flight(TurnBound limits, Random rnd) {
            this.limits = limits;
            this.rnd = rnd;
            double d = limits.u * (rnd.nextBoolean() ? 1 : Math.sqrt(rnd.nextDouble())),
                    w = rnd.nextDouble() * 2 * Math.PI;
            a = d * Math.cos(w);
            b = d * Math.sin(w);
            heading = limits.delta * (rnd.nextBoolean() ? (rnd.nextBoolean() ? 1 : -1) : 2 * rnd.nextDouble() - 1);
            aim = rnd.nextBoolean();
            target = (rnd.nextDouble() * 2 - 1) * Math.PI;
            if (aim && rnd.nextBoolean()) { // start from the edge of the heading's error nearest the target
                heading = Math.clamp(target, -limits.delta, limits.delta);
                a = limits.u * Math.cos(target);
                b = limits.u * Math.sin(target);
            }
        }

        void fly(double dt) {
            if (aim) {
                double off = Math.atan2(Math.sin(target - heading), Math.cos(target - heading));
                speed = Math.abs(off) <= Math.PI / 2 ? limits.sMax : limits.sMin;
                double need = limits.omega > 0 ? Math.abs(off) / limits.omega : Double.POSITIVE_INFINITY;
                if (need >= dt) arc(Math.signum(off) * limits.omega, dt);
                else {
                    arc(Math.signum(off) * limits.omega, need);
                    heading = target;
                    arc(0, dt - need);
                }
                return;
            }
            if (spell <= 0) {
                spell = rnd.nextDouble() * 30;
                turn = limits.omega * (rnd.nextInt(3) - 1);
                speed = switch (rnd.nextInt(3)) {
                    case 0 -> limits.sMin;
                    case 1 -> limits.sMax;
                    default -> limits.sMin + rnd.nextDouble() * (limits.sMax - limits.sMin);
                };
            }
            spell -= dt;
            arc(turn, dt);
        }

        /** {@code dt} seconds at turn rate {@code w} (rad/s, positive to the left) and the current speed. */
        private void arc(double w, double dt) {
            if (dt <= 0) return;
            if (Math.abs(w) < 1e-12) {
                a += speed * Math.cos(heading) * dt;
                b += speed * Math.sin(heading) * dt;
            } else {
                double h1 = heading + w * dt;
                a += speed / w * (Math.sin(h1) - Math.sin(heading));
                b -= speed / w * (Math.cos(h1) - Math.cos(heading));
                heading = h1;
            }
        }
    }
}
