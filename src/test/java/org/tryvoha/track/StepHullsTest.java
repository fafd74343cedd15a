package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
            // the outline is the polygon of the largest supports over the steps: it holds the hull of the
            // step polygons, and lies close around it
            Geometry steps = exact.compute(r, horizon, etaHorizon).corridor();
            assertThat(steps.difference(got.corridor()).getArea())
                    .as("run %d corridor", run)
                    .isLessThan(1e-9 * steps.getArea() + 1e-12);
            assertThat(got.corridor().getArea()).as("run %d corridor", run).isLessThan(1.02 * steps.getArea() + 1e-12);
        }
        assertThat(zones).as("the random corridors reach zones").isGreaterThan(10_000);
        // the circles around the 16-gons are 2% wider: a few more zones and earlier estimates, no more
        // (seed 11: 27,905 zones, 736 extra, 122 earlier by more than one step)
        assertThat(extra).as("extra zones of %d", zones).isLessThan(zones / 20);
        assertThat(earlier).as("earlier by more than a step, of %d", zones).isLessThan(zones / 10);
    }

    @Test
    void segmentMeetsTheHalfPlanePolygonExactlyWhenJtsSaysSo() {
        Random rnd = new Random(5);
        int n = TurnBound.DIRECTIONS, hits = 0, misses = 0;
        for (int i = 0; i < 20_000; i++) {
            // the support of a real bound at two instants, as the engine builds a step
            ThreatClass c = ThreatClass.values()[rnd.nextInt(ThreatClass.values().length)];
            double speed = rnd.nextDouble() * c.maxSpeed,
                    t0 = rnd.nextDouble() * 60,
                    t1 = t0 + 1 + rnd.nextDouble() * 4;
            TrackReport r = new TrackReport(
                    "s", c, Instant.EPOCH, 50, 30, 0, speed, 0, Double.NaN, 10 + rnd.nextDouble() * 500, null);
            TurnBound b = TurnBound.of(r);
            double[] h = new double[2 * n];
            for (int j = 0; j < n; j++) {
                h[j] = b.support(t0, TurnBound.BETA[j]);
                h[n + j] = b.support(t1, TurnBound.BETA[j]);
            }
            double[] step = new double[n];
            for (int j = 0; j < n; j++) step[j] = Math.max(h[j], h[n + j]);
            double scale = b.sMax * t1 + b.u;
            double p0 = (rnd.nextDouble() * 3 - 1.5) * scale, q0 = (rnd.nextDouble() * 3 - 1.5) * scale;
            double p1 = p0 + rnd.nextGaussian() * scale / 3, q1 = q0 + rnd.nextGaussian() * scale / 3;
            boolean meets = StepHulls.meets(p0, q0, p1, q1, step, 0);
            Geometry polygon = planePolygon(h);
            Geometry seg = GF.createLineString(new Coordinate[] {new Coordinate(p0, q0), new Coordinate(p1, q1)});
            double gap = polygon.distance(seg);
            if (gap == 0) assertThat(meets).as("case %d", i).isTrue();
            if (gap > 1e-6 * scale) assertThat(meets).as("case %d", i).isFalse();
            if (meets) hits++;
            else misses++;
        }
        assertThat(hits).isGreaterThan(2000);
        assertThat(misses).isGreaterThan(2000);
    }

    /** The step polygon in the path's own frame (a = x, b = y), via the reference's half-plane cuts. */
    private static Geometry planePolygon(double[] h) {
        List<double[]> pts = JtsThreatAreaReference.plane(h, 0);
        Coordinate[] ring = new Coordinate[pts.size() + 1];
        for (int i = 0; i < pts.size(); i++) ring[i] = new Coordinate(pts.get(i)[0], pts.get(i)[1]);
        ring[pts.size()] = ring[0];
        return GF.createPolygon(ring);
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
