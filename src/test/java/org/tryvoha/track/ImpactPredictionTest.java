package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ballistic propagation, the impact ellipse's error propagation, and the thrust test. */
class ImpactPredictionTest {
    private static final double LAT = 50.0, LON = 36.2;

    @Test
    void withoutAirCurvatureOrRotationTheImpactIsTheClosedFormParabola() {
        Random rnd = new Random(11);
        for (int i = 0; i < 200; i++) {
            double h = rnd.nextDouble() * 80_000, ve = (rnd.nextDouble() - 0.5) * 3000;
            double vn = (rnd.nextDouble() - 0.5) * 3000, vu = (rnd.nextDouble() - 0.5) * 2000;
            Ballistics.Impact p =
                    Ballistics.impact(h, ve, vn, vu, Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY);
            double t = (vu + Math.sqrt(vu * vu + 2 * Ballistics.G * h)) / Ballistics.G;
            assertThat(p.t()).as("time to impact, case %d", i).isCloseTo(t, within(1e-3 * Math.max(1, t)));
            assertThat(p.x()).as("east, case %d", i).isCloseTo(ve * t, within(1.0));
            assertThat(p.y()).as("north, case %d", i).isCloseTo(vn * t, within(1.0));
        }
    }

    @Test
    void theEarthsCurvatureCarriesItFartherAndDragShorter() {
        // 40 km up, 1,500 m/s level: the vacuum parabola over a flat Earth lands 135 km away
        Ballistics.Impact flat =
                Ballistics.impact(40_000, 0, 1500, 0, Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY);
        Ballistics.Impact round = Ballistics.impact(40_000, 0, 1500, 0, Double.POSITIVE_INFINITY, Double.NaN);
        Ballistics.Impact thin = Ballistics.impact(40_000, 0, 1500, 0, 50_000, Double.NaN);
        Ballistics.Impact thick = Ballistics.impact(40_000, 0, 1500, 0, 5_000, Double.NaN);
        assertThat(flat.y()).isCloseTo(1500 * Math.sqrt(2 * 40_000 / Ballistics.G), within(1.0));
        // the ground falls away by d²/2R ≈ 1.4 km at 135 km: a few kilometres more range
        assertThat(round.y() - flat.y()).isBetween(1_000.0, 10_000.0);
        assertThat(thin.y()).isLessThan(round.y());
        assertThat(thick.y()).isLessThan(thin.y());
    }

    @Test
    void theRotationOfTheEarthDeflectsANorthboundShotEast() {
        Ballistics.Impact still = Ballistics.impact(30_000, 0, 1500, 500, Double.POSITIVE_INFINITY, Double.NaN);
        Ballistics.Impact turning = Ballistics.impact(30_000, 0, 1500, 500, Double.POSITIVE_INFINITY, LAT);
        // Coriolis 2Ω v sin φ ≈ 0.17 m/s² over ~140 s: about a kilometre and a half to the east
        assertThat(turning.x() - still.x()).isBetween(800.0, 3_000.0);
    }

    /**
     * Noisy reports of random ballistic states (seeded): the position, altitude and velocity off by
     * their stated 95% bounds' standard deviations, the true ballistic coefficient drawn from the
     * class's spread. The 95% ellipse must hold the true impact point about 95% of the time: not
     * less (it would miss people), and not nearly always (it would be padded beyond the physics).
     */
    @Test
    void theNinetyFivePercentEllipseHoldsTheTrueImpactAboutNinetyFivePercentOfTheTime() {
        Random rnd = new Random(2026);
        ThreatClass c = ThreatClass.BALLISTIC;
        int runs = 600, inside = 0, insideKeep = 0;
        double u = 300, vUnc = 20;
        for (int i = 0; i < runs; i++) {
            double h = 3_000 + rnd.nextDouble() * 60_000, speed = 400 + rnd.nextDouble() * 1_800;
            double gamma = Math.toRadians(-70 + rnd.nextDouble() * 110), heading = rnd.nextDouble() * 2 * Math.PI;
            double ve = speed * Math.cos(gamma) * Math.sin(heading), vn = speed * Math.cos(gamma) * Math.cos(heading);
            double vu = speed * Math.sin(gamma);
            double beta = c.ballisticCoefficient * Math.exp(c.sigmaLnBeta * rnd.nextGaussian());
            Ballistics.Impact truth = Ballistics.impact(h, ve, vn, vu, beta, LAT);
            double sp = u / ImpactEllipse.Z95, sv = vUnc / ImpactEllipse.Z95;
            LocalProjection p = LocalProjection.around(LAT, LON);
            var at = p.toLonLat(rnd.nextGaussian() * sp, rnd.nextGaussian() * sp);
            TrackReport r = new TrackReport(
                    "b" + i,
                    c,
                    Instant.EPOCH,
                    at.y,
                    at.x,
                    ve + rnd.nextGaussian() * sv,
                    vn + rnd.nextGaussian() * sv,
                    vu + rnd.nextGaussian() * sv,
                    h + rnd.nextGaussian() * sp,
                    u,
                    vUnc,
                    null);
            ImpactEllipse e = ImpactEllipse.predict(r);
            // a straight line in the flight's frame is a great circle on the ground
            double[] truthAt = ImpactEllipse.overGround(LAT, LON, truth.x(), truth.y());
            if (e.contains(truthAt[0], truthAt[1], ImpactEllipse.K95)) inside++;
            if (e.contains(truthAt[0], truthAt[1], ImpactEllipse.K_KEEP)) insideKeep++;
        }
        assertThat(inside / (double) runs).as("share inside the 95%% ellipse").isBetween(0.93, 0.995);
        assertThat(insideKeep / (double) runs)
                .as("share inside the keep ellipse")
                .isGreaterThan(0.985);
    }

    @Test
    void theEllipseNarrowsAsTheImpactNears() {
        // the same flight, reported 120 s and 30 s before impact: the velocity error counts for less
        ThreatClass c = ThreatClass.BALLISTIC;
        TrackReport far = new TrackReport("b", c, Instant.EPOCH, LAT, LON, 0, 1200, 600, 40_000, 300, 20, null);
        ImpactEllipse e1 = ImpactEllipse.predict(far);
        TrackReport near = new TrackReport("b", c, Instant.EPOCH, LAT, LON, 0, 900, -700, 15_000, 300, 20, null);
        ImpactEllipse e2 = ImpactEllipse.predict(near);
        assertThat(e1.timeToImpact()).isGreaterThan(e2.timeToImpact());
        assertThat(e2.areaKm2(ImpactEllipse.K95)).isLessThan(e1.areaKm2(ImpactEllipse.K95) / 4);
        // the major axis lies along the flight (north), where time and drag errors spread the impact
        assertThat(Math.abs(Math.cos(e1.azimuth()))).isGreaterThan(0.9);
        assertThat(e1.major()).isGreaterThan(e1.minor());
    }

    @Test
    void aSpeedGainBeyondGravityAndNoiseIsThrustAndAFreeFallIsNot() {
        ThreatClass c = ThreatClass.BALLISTIC;
        // climbing at 45°, +25 m/s² over 8 s: a motor
        double s0 = 600, s1 = s0 + 25 * 8;
        TrackReport a = report(c, 0, s0, 45, 10_000, 20);
        TrackReport b = report(c, 8, s1, 45, 14_000, 20);
        assertThat(ImpactEllipse.thrusting(a, b)).isTrue();
        // the same climb losing g·sin γ per second, as a free flight does
        TrackReport free = report(c, 8, s0 - Ballistics.G * Math.sin(Math.PI / 4) * 8, 45, 13_000, 20);
        assertThat(ImpactEllipse.thrusting(a, free)).isFalse();
        // a fall gaining speed from gravity alone
        TrackReport d0 = report(c, 0, 900, -40, 20_000, 20);
        TrackReport d1 = report(c, 8, 900 + Ballistics.G * Math.sin(Math.toRadians(40)) * 8, -40, 15_000, 20);
        assertThat(ImpactEllipse.thrusting(d0, d1)).isFalse();
    }

    private static TrackReport report(ThreatClass c, double t, double speed, double gammaDeg, double alt, double vUnc) {
        double g = Math.toRadians(gammaDeg);
        return new TrackReport(
                "b",
                c,
                Instant.EPOCH.plusMillis((long) (t * 1000)),
                LAT,
                LON,
                0,
                speed * Math.cos(g),
                speed * Math.sin(g),
                alt,
                300,
                vUnc,
                null);
    }
}
