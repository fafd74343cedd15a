package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.tryvoha.StepClock;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * The engine warning from predicted impacts (against the real alert service and SQLite store, on a
 * simulated clock), the glide model and the horizon-bounded corridor.
 */
class BallisticWarningTest {
    private static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    private static final String KHARKIV = "UA63120270000028556";
    private static final double LAT = 49.9935, LON = 36.2304;
    private static final GeometryFactory GF = new GeometryFactory();
    private static ZoneTree tree;

    @TempDir
    Path dir;

    private SqliteAlertStore store;
    private LocalEventBus bus;
    private StepClock clock;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @AfterEach
    void close() {
        if (bus != null) bus.close();
        if (store != null) store.close();
    }

    private TrackEngine engine(int holdSeconds) {
        store = SqliteAlertStore.open(dir);
        bus = new LocalEventBus();
        clock = new StepClock(T0);
        TrackSettings d = TrackSettings.defaults();
        TrackSettings s = new TrackSettings(
                d.maxAgeSeconds(),
                d.horizonSeconds(),
                d.deliverySeconds(),
                d.marginSeconds(),
                holdSeconds,
                d.lostSeconds(),
                d.batchMax(),
                d.defaultMode(),
                d.modes(),
                d.confirmDeadlineSeconds());
        return new TrackEngine(tree, new AlertService(store, bus, clock), clock, s, EarlyWarning.OFF, new TrackStats());
    }

    /** A true state of the flight: seconds after launch, position (m from the launch point), velocity. */
    private record State(double t, double x, double y, double z, double ve, double vn, double vu) {}

    /**
     * A drag-bound ballistic shot (the class's nominal β, flat Earth, still air) from {@code range} m
     * north-east of Kharkiv's centre at 40°, its launch speed found so that it lands on the centre.
     */
    private static List<State> shot(double range) {
        double lo = 100, hi = 3000;
        List<State> f = null;
        for (int i = 0; i < 40; i++) {
            double v = (lo + hi) / 2;
            f = fly(v, range);
            State last = f.get(f.size() - 1);
            if (Math.hypot(last.x(), last.y()) < range) lo = v;
            else hi = v;
        }
        return f;
    }

    private static List<State> fly(double v0, double range) {
        double az = Math.toRadians(225), g = Math.toRadians(40), dt = 0.01;
        double x = 0, y = 0, z = 0;
        double ve = v0 * Math.cos(g) * Math.sin(az), vn = v0 * Math.cos(g) * Math.cos(az), vu = v0 * Math.sin(g);
        List<State> out = new ArrayList<>();
        double beta = ThreatClass.BALLISTIC.ballisticCoefficient;
        for (int k = 0; ; k++) {
            if (k % 50 == 0) out.add(new State(k * dt, x, y, z, ve, vn, vu));
            double v = Math.sqrt(ve * ve + vn * vn + vu * vu);
            double drag = 1.225 * Math.exp(-Math.max(0, z) / 8500) * v / (2 * beta);
            ve -= drag * ve * dt;
            vn -= drag * vn * dt;
            vu -= (Ballistics.G + drag * vu) * dt;
            x += ve * dt;
            y += vn * dt;
            z += vu * dt;
            if (z < 0) {
                out.add(new State(k * dt, x, y, 0, ve, vn, vu));
                return out;
            }
        }
    }

    /** Noisy reports every 2 s from {@code from} s after launch to {@code until} (s), launched from {@code range} m north-east. */
    private static List<TrackReport> reports(
            List<State> f, double range, double from, double until, double vUnc, long seed) {
        Random rnd = new Random(seed);
        LocalProjection centre = LocalProjection.around(LAT, LON);
        Coordinate launch = centre.toLonLat(range / Math.sqrt(2), range / Math.sqrt(2));
        LocalProjection p = LocalProjection.around(launch.y, launch.x);
        List<TrackReport> out = new ArrayList<>();
        for (State s : f) {
            if (s.t() < from || s.t() > until || Math.round(s.t() * 2) % 4 != 0) continue;
            Coordinate at = p.toLonLat(s.x() + rnd.nextGaussian() * 100, s.y() + rnd.nextGaussian() * 100);
            out.add(new TrackReport(
                    "bm",
                    ThreatClass.BALLISTIC,
                    T0.plusMillis(Math.round(s.t() * 1000)),
                    at.y,
                    at.x,
                    s.ve() + rnd.nextGaussian() * 5,
                    s.vn() + rnd.nextGaussian() * 5,
                    s.vu() + rnd.nextGaussian() * 5,
                    s.z() + rnd.nextGaussian() * 100,
                    300,
                    vUnc,
                    null));
        }
        return out;
    }

    private void play(TrackEngine e, List<TrackReport> reports, double until) {
        int next = 0;
        while (clock.instant().isBefore(T0.plusSeconds((long) until))) {
            List<TrackReport> due = new ArrayList<>();
            while (next < reports.size() && !reports.get(next).time().isAfter(clock.instant()))
                due.add(reports.get(next++));
            if (!due.isEmpty()) e.submit(due);
            e.tick();
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private List<AlertEvent> events() {
        List<AlertEvent> out = new ArrayList<>();
        store.forEachEvent(0, out::add);
        return out;
    }

    /** Each zone's runs of membership across the alert's events: more than one run is a flap. */
    private static Map<String, Integer> runs(List<AlertEvent> ev) {
        Map<String, Integer> runs = new HashMap<>();
        Set<String> before = Set.of();
        for (AlertEvent x : ev) {
            Set<String> now = x.kind() == EventKind.CANCELLED
                    ? Set.of()
                    : new HashSet<>(x.alert().zones());
            for (String z : now) if (!before.contains(z)) runs.merge(z, 1, Integer::sum);
            before = now;
        }
        return runs;
    }

    @Test
    void aLongShotIsWarnedAroundItsImpactNarrowsWithoutFlappingAndEndsOnlyAfterImpact() {
        double range = 160_000;
        List<State> f = shot(range);
        double impact = f.get(f.size() - 1).t();
        TrackEngine e = engine(20);
        // a feed that states its velocity loosely (60 m/s): the first ellipse spans several hromadas
        List<TrackReport> rs = reports(f, range, 10, impact - 1, 60, 7);
        rs.add(new TrackReport(
                "bm",
                ThreatClass.BALLISTIC,
                T0.plusMillis(Math.round(impact * 1000)),
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                Double.NaN,
                0,
                TrackReport.End.LANDED));
        play(e, rs, impact + 120);
        List<AlertEvent> ev = events();
        assertThat(ev).filteredOn(x -> x.kind() == EventKind.ISSUED).hasSize(1);
        AlertEvent first = ev.get(0);
        // the city, where it lands, is warned at least its time to shelter (+ delivery) before the impact
        assertThat(first.alert().zones()).contains(KHARKIV);
        assertThat(Duration.between(first.at(), T0.plusMillis(Math.round(impact * 1000)))
                        .toSeconds())
                .isGreaterThanOrEqualTo(90 + 3);
        // far fewer zones than the straight line would warn, and narrower before the end
        assertThat(first.alert().zones().size()).isLessThan(15);
        assertThat(ev).anySatisfy(x -> {
            assertThat(x.kind()).isEqualTo(EventKind.UPDATED);
            assertThat(x.at()).isBefore(T0.plusMillis(Math.round(impact * 1000)));
            assertThat(x.alert().zones().size())
                    .isLessThan(first.alert().zones().size());
        });
        assertThat(runs(ev))
                .allSatisfy((zone, n) ->
                        assertThat(n).as("%s joined the alert again", zone).isEqualTo(1));
        // the impact zone stays in every event until the all-clear, which comes after the impact
        for (AlertEvent x : ev.subList(0, ev.size() - 1))
            assertThat(x.alert().zones()).contains(KHARKIV);
        AlertEvent last = ev.get(ev.size() - 1);
        assertThat(last.kind()).isEqualTo(EventKind.CANCELLED);
        assertThat(last.at()).isAfter(T0.plusMillis(Math.round(impact * 1000)));
    }

    @Test
    void aTrackThatFallsSilentBeforeImpactKeepsItsWarningUntilAfterTheImpact() {
        double range = 40_000;
        List<State> f = shot(range);
        double impact = f.get(f.size() - 1).t();
        TrackEngine e = engine(TrackSettings.DEFAULT_HOLD_SECONDS);
        // the radar loses it 25 s before it lands, and no end report ever comes
        play(e, reports(f, range, 6, impact - 25, 15, 8), impact + 200);
        List<AlertEvent> ev = events();
        assertThat(ev).isNotEmpty();
        assertThat(ev.get(0).alert().zones()).contains(KHARKIV);
        Instant down = T0.plusMillis(Math.round(impact * 1000));
        assertThat(ev)
                .filteredOn(x -> x.kind() == EventKind.CANCELLED)
                .singleElement()
                .satisfies(x -> assertThat(x.at()).isAfter(down));
        for (AlertEvent x : ev)
            if (x.kind() != EventKind.CANCELLED) assertThat(x.alert().zones()).contains(KHARKIV);
    }

    @Test
    void aThrustingTrackWarnsNoneOfTheFreeFlightPointsItWillOverfly() {
        TrackEngine e = engine(TrackSettings.DEFAULT_HOLD_SECONDS);
        // 40 km north of Kharkiv, climbing at 30° toward it and gaining 30 m/s every second: its free-flight
        // point would fall on the city within the warning time, but the motor is burning
        List<TrackReport> rs = new ArrayList<>();
        for (int t = 0; t <= 16; t += 2) {
            double v = 300 + 30 * t, g = Math.toRadians(30);
            double lat = LAT + (40_000 - 320 * t) / 111_320.0;
            rs.add(new TrackReport(
                    "boost",
                    ThreatClass.BALLISTIC,
                    T0.plusSeconds(t),
                    lat,
                    LON,
                    0,
                    -v * Math.cos(g),
                    v * Math.sin(g),
                    2_000 + 150.0 * t,
                    300,
                    15,
                    null));
        }
        play(e, rs.subList(0, 1), 1);
        int afterFirst = events().size();
        play(e, rs.subList(1, rs.size()), 17);
        // only the first report (no baseline yet: taken as unpowered) may have warned; none after it adds a zone
        List<AlertEvent> ev = events();
        Set<String> firstZones =
                afterFirst == 0 ? Set.of() : new HashSet<>(ev.get(0).alert().zones());
        for (AlertEvent x : ev) assertThat(firstZones).containsAll(x.alert().zones());
    }

    @Test
    void aGliderIsCutAtItsGlideRange() {
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        // 3 km up at 250 m/s heading north: (3,000 + 300 + 287²/2g) · 10 ≈ 75 km of glide
        TrackReport bomb =
                new TrackReport("gb", ThreatClass.GUIDED_BOMB, Instant.EPOCH, LAT, LON, 0, 250, -20, 3_000, 300, null);
        TrackReport unknownHeight = new TrackReport(
                "gb", ThreatClass.GUIDED_BOMB, Instant.EPOCH, LAT, LON, 0, 250, 0, Double.NaN, 300, null);
        double glide = ThreatArea.Calculator.glideRange(bomb);
        assertThat(glide).isBetween(70_000.0, 80_000.0);
        ThreatArea a = calc.compute(bomb, 600, 600);
        ThreatArea b = calc.compute(unknownHeight, 600, 600);
        LocalProjection p = LocalProjection.around(LAT, LON);
        Coordinate within = p.toLonLat(0, 0.9 * glide);
        Coordinate beyond = p.toLonLat(0, glide + 300 + 3_000);
        assertThat(a.corridor().covers(GF.createPoint(within))).isTrue();
        assertThat(a.corridor().covers(GF.createPoint(beyond))).isFalse();
        assertThat(b.corridor().covers(GF.createPoint(beyond)))
                .as("the straight line, without a height")
                .isTrue();
        // no zone beyond the glide range gets an arrival estimate
        for (var z : a.etaSeconds().keySet()) {
            var c = z.geometry().getEnvelopeInternal();
            assertThat(p.y(c.getMinY()) - 300).as(z.id()).isLessThanOrEqualTo(glide + 1_000);
        }
    }

    @Test
    void theCorridorReachesOnlyAsFarAsAZoneCanComeDue() {
        TrackEngine e = engine(TrackSettings.DEFAULT_HOLD_SECONDS);
        double lat0 = LAT + 200_000 / 111_320.0;
        e.submit(List.of(new TrackReport("cm", ThreatClass.CRUISE_MISSILE, T0, lat0, LON, 0, -250, 0, 50, 300, null)));
        TrackView v = e.views().iterator().next();
        double reach = 300 + ThreatArea.maxSpeed(ThreatClass.CRUISE_MISSILE, 250) * e.etaHorizonSeconds();
        assertThat(e.etaHorizonSeconds()).isLessThan(TrackSettings.DEFAULT_HORIZON_SECONDS);
        LocalProjection p = LocalProjection.around(lat0, LON);
        for (Coordinate c : v.corridor().getCoordinates())
            assertThat(Math.hypot(p.x(c.x), p.y(c.y))).isLessThanOrEqualTo(reach * 1.03);
        Coordinate ahead = p.toLonLat(0, -reach * 1.05);
        assertThat(v.corridor().covers(GF.createPoint(ahead))).isFalse();
    }
}
