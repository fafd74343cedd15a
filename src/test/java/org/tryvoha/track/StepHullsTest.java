package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The arithmetic threat area ({@link StepHulls} over {@link LeafOutlines}) against the JTS
 * computation it replaced: it must never miss a zone that one warns, nor estimate a later arrival.
 */
class StepHullsTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static ZoneTree tree;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @Test
    void neverMissesAZoneNorEstimatesLaterThanTheJtsComputation() {
        Random rnd = new Random(11);
        ThreatArea.Calculator fast = new ThreatArea.Calculator(tree);
        JtsThreatAreaReference exact = new JtsThreatAreaReference(tree);
        long zones = 0, extra = 0, earlier = 0; // earlier: by more than one step
        for (int run = 0; run < 1500; run++) {
            TrackReport r = randomReport(rnd, run);
            double horizon = 60 + rnd.nextInt(300), etaHorizon = Math.min(horizon, 20 + rnd.nextInt(250));
            Map<Zone, Double> want = exact.compute(r, horizon, etaHorizon).etaSeconds();
            ThreatArea got = fast.compute(r, horizon, etaHorizon);
            for (Map.Entry<Zone, Double> e : want.entrySet()) {
                assertThat(got.etaSeconds())
                        .as("run %d %s: zone %s", run, r, e.getKey().id())
                        .containsKey(e.getKey());
                assertThat(got.etaSeconds().get(e.getKey()))
                        .as("run %d %s: eta of %s", run, r, e.getKey().id())
                        .isLessThanOrEqualTo(e.getValue());
                double step = Math.max(ThreatArea.MIN_STEP_SECONDS, got.horizonSeconds() / ThreatArea.MAX_STEPS);
                if (got.etaSeconds().get(e.getKey()) < e.getValue() - step - 1e-9) earlier++;
            }
            zones += want.size();
            extra += got.etaSeconds().size() - want.size();
            Geometry oldCorridor = exact.compute(r, horizon, etaHorizon).corridor();
            assertThat(got.corridor().symDifference(oldCorridor).getArea())
                    .as("run %d corridor", run)
                    .isLessThan(1e-9 * oldCorridor.getArea() + 1e-12);
        }
        assertThat(zones).as("the random corridors reach zones").isGreaterThan(10_000);
        // the circles around the 16-gons are 2% wider: a few more zones and earlier estimates, no more
        // (seed 11: 27,905 zones, 736 extra, 122 earlier by more than one step)
        assertThat(extra).as("extra zones of %d", zones).isLessThan(zones / 20);
        assertThat(earlier).as("earlier by more than a step, of %d", zones).isLessThan(zones / 10);
    }

    @Test
    void segmentMeetsTheHullOfTwoCirclesExactlyWhenFineHullsSaySo() {
        Random rnd = new Random(5);
        int hits = 0, misses = 0;
        for (int i = 0; i < 20_000; i++) {
            double a1 = rnd.nextDouble() * 1000 - 500, r1 = 1 + rnd.nextDouble() * 300;
            double a2 = a1 + (rnd.nextBoolean() ? 0 : rnd.nextDouble() * 800),
                    r2 = r1 + rnd.nextDouble() * (rnd.nextBoolean() ? 50 : 600);
            double p0 = rnd.nextDouble() * 2400 - 1200, q0 = rnd.nextDouble() * 2400 - 1200;
            double p1 = p0 + rnd.nextGaussian() * 300, q1 = q0 + rnd.nextGaussian() * 300;
            boolean meets = StepHulls.meets(p0, q0, p1, q1, a1, r1, a2, r2);
            Geometry seg = GF.createLineString(new Coordinate[] {new Coordinate(p0, q0), new Coordinate(p1, q1)});
            // a 720-gon inside each circle, and one around it (corners at r / cos(π/720))
            if (hull(a1, r1, a2, r2, 1.0).intersects(seg))
                assertThat(meets).as("case %d", i).isTrue();
            if (!hull(a1, r1, a2, r2, 1 / Math.cos(Math.PI / 720)).intersects(seg))
                assertThat(meets).as("case %d", i).isFalse();
            if (meets) hits++;
            else misses++;
        }
        assertThat(hits).isGreaterThan(2000);
        assertThat(misses).isGreaterThan(2000);
    }

    @Test
    void aTrackInsideOneLargeZoneFindsItAtTheStart() {
        // the corridor of a slow drone in the middle of a zone touches no edge: the centre test finds it
        Zone z = tree.all().stream()
                .filter(Zone::isLeaf)
                .filter(x -> x.geometry() != null)
                .max(Comparator.comparingDouble(x -> x.geometry().getArea()))
                .orElseThrow();
        Coordinate c = z.geometry().getInteriorPoint().getCoordinate();
        TrackReport r = new TrackReport("in", ThreatClass.DRONE, Instant.EPOCH, c.y, c.x, 1, 0, 0, Double.NaN, 1, null);
        ThreatArea a = new ThreatArea.Calculator(tree).compute(r, 2, 2);
        assertThat(a.etaSeconds()).containsEntry(z, 0.0);
        assertThat(new JtsThreatAreaReference(tree).compute(r, 2, 2).etaSeconds())
                .containsEntry(z, 0.0);
    }

    private static Geometry hull(double a1, double r1, double a2, double r2, double scale) {
        int n = 720;
        Coordinate[] pts = new Coordinate[2 * n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            pts[i] = new Coordinate(a1 + r1 * scale * Math.cos(t), r1 * scale * Math.sin(t));
            pts[n + i] = new Coordinate(a2 + r2 * scale * Math.cos(t), r2 * scale * Math.sin(t));
        }
        return new ConvexHull(pts, GF).getConvexHull();
    }

    /** Anywhere over and around Ukraine, any class, heading and speed, sometimes standing still. */
    static TrackReport randomReport(Random rnd, int run) {
        ThreatClass c = ThreatClass.values()[rnd.nextInt(ThreatClass.values().length)];
        double lat = 44.0 + rnd.nextDouble() * 8.5, lon = 22.0 + rnd.nextDouble() * 18.5;
        double speed = run % 25 == 0 ? 0 : rnd.nextDouble() * c.maxSpeed, h = rnd.nextDouble() * 2 * Math.PI;
        // without an altitude: a ballistic threat with one gets the impact ellipse (ImpactPredictionTest), a
        // glider its glide range, neither the step hulls compared here
        double alt = Double.NaN;
        double up = c == ThreatClass.BALLISTIC ? -rnd.nextDouble() * 1500 : 0;
        return new TrackReport(
                "r" + run,
                c,
                Instant.EPOCH,
                lat,
                lon,
                speed * Math.sin(h),
                speed * Math.cos(h),
                up,
                alt,
                10 + rnd.nextDouble() * 3000,
                null);
    }
}
