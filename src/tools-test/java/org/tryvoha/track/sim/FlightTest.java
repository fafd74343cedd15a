package org.tryvoha.track.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tryvoha.track.Ballistics;
import org.tryvoha.track.ImpactEllipse;
import org.tryvoha.track.LocalProjection;
import org.tryvoha.track.ThreatClass;
import org.tryvoha.track.sim.Flight.State;

/**
 * A report carries its velocity in the east/north/up frame at its own position, as the engine reads
 * it: the true flights of every bundled threat, of every class, move as their stated velocity says,
 * measured in the local frame of each point; and a ballistic state, flown on by the engine's own
 * impact prediction without noise, comes down near where the true flight does.
 */
class FlightTest {
    /** A degree of latitude in metres, as {@link LocalProjection} measures it. */
    private static final double DEG = 111_320.0;

    static Stream<Scenario.Threat> threats() throws Exception {
        List<Scenario.Threat> all = new ArrayList<>();
        for (String name : Scenario.BUNDLED) all.addAll(Scenario.bundled(name).threats());
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("threats")
    void theStatedVelocityIsTheMotionInTheLocalFrameOfEachPoint(Scenario.Threat th) {
        List<State> f = Flight.fly(th);
        double r = DEG * 180 / Math.PI; // the sphere on which a degree is DEG metres
        double worst = 0;
        String where = "";
        boolean ballistic = th.threatClass() == ThreatClass.BALLISTIC;
        for (int k = 0; k + 2 < f.size(); k++) { // the last state, the impact, comes off the step
            State s = f.get(k), b = f.get(k + 1);
            double dt = b.t() - s.t();
            if (ballistic && Math.abs(s.t() - th.boostSeconds()) <= 2 * Flight.DT)
                continue; // the thrust stops inside the step
            // a turning flight steps at the velocity it states; a ballistic one is integrated finely, so
            // over a step it moves at the mean of both ends' velocities
            double ve = ballistic ? (s.east() + b.east()) / 2 : s.east();
            double vn = ballistic ? (s.north() + b.north()) / 2 : s.north();
            double vu = ballistic ? (s.up() + b.up()) / 2 : s.up();
            // ground metres per second at the point, scaled up to the height the threat flies at
            double lift = (r + (s.alt() + b.alt()) / 2) / r;
            double dLon = Math.IEEEremainder(b.lon() - s.lon(), 360);
            double east = dLon * DEG * Math.cos(Math.toRadians(s.lat())) / dt * lift;
            double north = (b.lat() - s.lat()) * DEG / dt * lift;
            double up = (b.alt() - s.alt()) / dt;
            if (b.alt() == 0) up = vu; // the ground clamps the height
            double err = Math.sqrt(sq(east - ve) + sq(north - vn) + sq(up - vu));
            double speed = Math.sqrt(sq(ve) + sq(vn) + sq(vu));
            // 0.5 m/s allowed at any speed: the integrator (semi-implicit Euler, 0.01 s) moves at each
            // substep's new velocity, half a substep's acceleration (0.2 m/s in a boost) ahead
            double rel = err / (speed + 250);
            if (rel > worst) {
                worst = rel;
                where = String.format(
                        "t=%.1f s: stated (%.2f, %.2f, %.2f), moved (%.2f, %.2f, %.2f) m/s",
                        s.t(), ve, vn, vu, east, north, up);
            }
        }
        assertThat(worst)
                .as("%s (%s): worst relative difference, %s", th.id(), th.threatClass(), where)
                .isLessThan(0.002);
    }

    static Stream<Scenario.Threat> ballisticThreats() throws Exception {
        return threats().filter(t -> t.threatClass() == ThreatClass.BALLISTIC);
    }

    @ParameterizedTest
    @MethodSource("ballisticThreats")
    void withoutNoiseTheEnginePredictsTheTrueImpact(Scenario.Threat th) {
        List<State> f = Flight.fly(th);
        State end = f.get(f.size() - 1);
        double worst = 0;
        String where = "";
        for (State s : f) {
            if (s.t() < th.boostSeconds() + 1 || s.alt() < 1_000 || s.t() < th.detectAfter()) continue;
            // the engine's flight and its placing on the ground, with the threat's true ballistic coefficient
            Ballistics.Impact i = Ballistics.impact(s.alt(), s.east(), s.north(), s.up(), th.beta(), s.lat());
            double[] c = ImpactEllipse.overGround(s.lat(), s.lon(), i.x(), i.y());
            LocalProjection at = LocalProjection.around(end.lat(), end.lon());
            double miss = Math.hypot(at.x(c[0]), at.y(c[1]));
            if (miss > worst) {
                worst = miss;
                where = String.format("t=%.1f s, %.0f km to go", s.t(), Math.hypot(at.x(s.lon()), at.y(s.lat())) / 1e3);
            }
        }
        assertThat(worst)
                .as("%s: worst miss of the noiseless prediction (m), at %s", th.id(), where)
                .isLessThan(400);
    }

    private static double sq(double a) {
        return a * a;
    }
}
