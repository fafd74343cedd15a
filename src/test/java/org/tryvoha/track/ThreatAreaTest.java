package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** The threat area must hold every path a threat can fly within its class limits, and no arrival estimate may be late. */
class ThreatAreaTest {
    private static ZoneTree tree;
    private static final GeometryFactory GF = new GeometryFactory();

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @Test
    void projectionRoundTripsAndMeasuresMetres() {
        LocalProjection p = LocalProjection.around(50.0, 36.0);
        Coordinate c = p.toLonLat(10_000, -5_000);
        assertThat(p.x(c.x)).isCloseTo(10_000, Offset.offset(1e-6));
        assertThat(p.y(c.y)).isCloseTo(-5_000, Offset.offset(1e-6));
        // one degree of latitude is ~111 km; one of longitude at 50°N is ~71.6 km
        assertThat(p.y(51.0)).isCloseTo(111_320, Offset.offset(1.0));
        assertThat(p.x(37.0)).isCloseTo(71_556, Offset.offset(100.0));
    }

    @Test
    void everyPathWithinTheClassLimitsStaysInsideAndArrivesNoEarlierThanEstimated() {
        Random rnd = new Random(7);
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        for (ThreatClass cls :
                List.of(ThreatClass.DRONE, ThreatClass.CRUISE_MISSILE, ThreatClass.GUIDED_BOMB, ThreatClass.AIRCRAFT)) {
            for (int run = 0; run < 15; run++) {
                double lat = 48.5 + rnd.nextDouble() * 2, lon = 30 + rnd.nextDouble() * 6;
                double speed = cls.maxSpeed * (0.5 + 0.4 * rnd.nextDouble()), heading = rnd.nextDouble() * 2 * Math.PI;
                double horizon = 150, unc = 200;
                TrackReport r = new TrackReport(
                        "t",
                        cls,
                        Instant.EPOCH,
                        lat,
                        lon,
                        speed * Math.sin(heading),
                        speed * Math.cos(heading),
                        0,
                        Double.NaN,
                        unc,
                        null);
                ThreatArea area = calc.compute(r, horizon, horizon);
                Map<Zone, Double> eta = area.etaSeconds();
                // the true flight: starts within the uncertainty, turns at up to the class rate, speed within the
                // tolerance
                LocalProjection p = LocalProjection.around(lat, lon);
                double x = (rnd.nextDouble() - 0.5) * unc, y = (rnd.nextDouble() - 0.5) * unc, h = heading;
                double v = speed * (1 + ThreatClass.SPEED_TOLERANCE * (2 * rnd.nextDouble() - 1));
                double turn = 0;
                for (double t = 0; t <= horizon; t += 0.5) {
                    if (rnd.nextDouble() < 0.05) turn = Math.toRadians(cls.turnRateDeg) * (2 * rnd.nextDouble() - 1);
                    Coordinate c = p.toLonLat(x, y);
                    assertThat(area.corridor().covers(GF.createPoint(c)))
                            .as("%s run %d at t=%.1f", cls, run, t)
                            .isTrue();
                    List<Zone> at = tree.zonesAt(c.y, c.x);
                    if (!at.isEmpty()) {
                        assertThat(eta)
                                .as("%s run %d t=%.1f zone %s", cls, run, t, at.get(0))
                                .containsKey(at.get(0));
                        assertThat(eta.get(at.get(0)))
                                .as("estimate for %s", at.get(0))
                                .isLessThanOrEqualTo(t);
                    }
                    h += turn * 0.5;
                    x += v * Math.sin(h) * 0.5;
                    y += v * Math.cos(h) * 0.5;
                }
            }
        }
    }

    @Test
    void anAreaKeptForALaterReportHoldsEveryPathThatReportAllows() {
        Random rnd = new Random(11);
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        int kept = 0, refused = 0;
        for (int run = 0; run < 400; run++) {
            ThreatClass cls = List.of(ThreatClass.DRONE, ThreatClass.CRUISE_MISSILE, ThreatClass.AIRCRAFT)
                    .get(run % 3);
            double lat = 48.5 + rnd.nextDouble() * 2, lon = 30 + rnd.nextDouble() * 6;
            double speed = cls.maxSpeed * (0.5 + 0.4 * rnd.nextDouble()),
                    heading = rnd.nextDouble() * 2 * Math.PI,
                    unc = 200,
                    horizon = 30;
            TrackReport r = new TrackReport(
                    "t",
                    cls,
                    Instant.EPOCH,
                    lat,
                    lon,
                    speed * Math.sin(heading),
                    speed * Math.cos(heading),
                    0,
                    Double.NaN,
                    unc,
                    null);
            // a later report: sometimes consistent with r's model, often not (moved, faster, turned too far)
            double dt = 0.5 + rnd.nextDouble() * 5.5;
            LocalProjection p = LocalProjection.around(lat, lon);
            double h1 = heading + Math.toRadians(cls.turnRateDeg) * dt * (rnd.nextDouble() * 2.4 - 1.2);
            double s1 = rnd.nextBoolean() ? speed : speed * (0.9 + 0.2 * rnd.nextDouble());
            double off = rnd.nextDouble() < 0.5 ? 50 : 1500;
            double x1 = speed * Math.sin(heading) * dt + (rnd.nextDouble() - 0.5) * off,
                    y1 = speed * Math.cos(heading) * dt + (rnd.nextDouble() - 0.5) * off;
            double u1 = 20 + rnd.nextDouble() * 200;
            Coordinate c1 = p.toLonLat(x1, y1);
            TrackReport next = new TrackReport(
                    "t",
                    cls,
                    Instant.EPOCH.plusMillis((long) (dt * 1000)),
                    c1.y,
                    c1.x,
                    s1 * Math.sin(h1),
                    s1 * Math.cos(h1),
                    0,
                    Double.NaN,
                    u1,
                    null);
            if (!ThreatArea.stillHolds(r, next, 6)) {
                refused++;
                continue;
            }
            kept++;
            ThreatArea area = calc.compute(r, horizon, horizon);
            // a flight the later report allows: within its uncertainty, speed tolerance and turn rate
            double m1 = ThreatArea.maxSpeed(cls, s1);
            double v = s1 + (m1 - s1) * (2 * rnd.nextDouble() - 1);
            double a = rnd.nextDouble() * 2 * Math.PI, d = rnd.nextDouble() * u1;
            double x = x1 + d * Math.sin(a), y = y1 + d * Math.cos(a), h = h1, turn = 0;
            for (double t = dt; t <= horizon; t += 0.5) {
                if (rnd.nextDouble() < 0.1) turn = Math.toRadians(cls.turnRateDeg) * (rnd.nextBoolean() ? 1 : -1);
                Coordinate c = p.toLonLat(x, y);
                assertThat(area.corridor().covers(GF.createPoint(c)))
                        .as("run %d at t=%.1f", run, t)
                        .isTrue();
                List<Zone> at = tree.zonesAt(c.y, c.x);
                if (!at.isEmpty()) {
                    assertThat(area.etaSeconds())
                            .as("run %d t=%.1f zone %s", run, t, at.get(0))
                            .containsKey(at.get(0));
                    assertThat(area.etaSeconds().get(at.get(0))).isLessThanOrEqualTo(t);
                }
                h += turn * 0.5;
                x += v * Math.sin(h) * 0.5;
                y += v * Math.cos(h) * 0.5;
            }
        }
        assertThat(kept).as("reports that kept the area").isGreaterThan(40);
        assertThat(refused).as("reports that needed a new area").isGreaterThan(40);
    }

    @Test
    void aBallisticThreatWithAnAltitudeIsWarnedAroundItsPredictedImpactOnly() {
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        // 10 km up, falling at 500 m/s, 600 m/s north: down in about 15 s, some 8 km north of Kharkiv's centre
        TrackReport r = new TrackReport(
                "b", ThreatClass.BALLISTIC, Instant.EPOCH, 49.99, 36.23, 0, 600, -500, 10_000, 200, null);
        ThreatArea a = calc.compute(r, 300, 300);
        ImpactEllipse e = a.impact();
        assertThat(e).isNotNull();
        assertThat(e.timeToImpact()).isBetween(10.0, 25.0);
        LocalProjection p = LocalProjection.around(49.99, 36.23);
        assertThat(p.y(e.lat())).isBetween(5_000.0, 12_000.0);
        assertThat(a.corridor().covers(GF.createPoint(new Coordinate(e.lon(), e.lat()))))
                .isTrue();
        // the straight line would have reached 12 km + 690 m/s × 20 s; the ellipse stops well short
        Coordinate beyond = p.toLonLat(0, p.y(e.lat()) + 5_000);
        assertThat(a.corridor().covers(GF.createPoint(beyond))).isFalse();
        assertThat(a.etaSeconds())
                .isNotEmpty()
                .allSatisfy((z, eta) -> assertThat(eta).isEqualTo(e.earliestImpact()));
        assertThat(a.keep()).containsAll(a.etaSeconds().keySet());
    }

    @Test
    void aBallisticThreatWithoutAnAltitudeKeepsTheCorridorWithATerminalArea() {
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        TrackReport r = new TrackReport(
                "b", ThreatClass.BALLISTIC, Instant.EPOCH, 49.99, 36.23, 0, 600, -500, Double.NaN, 200, null);
        ThreatArea a = calc.compute(r, 20, 20);
        assertThat(a.impact()).isNull();
        LocalProjection p = LocalProjection.around(49.99, 36.23);
        Coordinate side = p.toLonLat(ThreatClass.BALLISTIC.terminalRadius - 500, 12_000);
        Coordinate beyond = p.toLonLat(0, 600 * 1.15 * 20 + ThreatClass.BALLISTIC.terminalRadius + 2_000);
        assertThat(a.corridor().covers(GF.createPoint(side))).isTrue();
        assertThat(a.corridor().covers(GF.createPoint(beyond))).isFalse();
    }
}
