package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.StepClock;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** The engine against the real alert service and SQLite store, on a simulated clock. */
class TrackEngineTest {
    private static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    // Kharkiv city hromada, and a point 20 km north of its centre
    private static final String KHARKIV = "UA63120270000028556";
    private static final String KHARKIV_OBLAST = "UA63000000000041885";
    private static final double LAT = 49.9935 + 20_000 / 111_320.0, LON = 36.2304;
    private static ZoneTree tree;

    @TempDir
    Path dir;

    private SqliteAlertStore store;
    private LocalEventBus bus;
    private StepClock clock;
    private TrackStats stats;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    @AfterEach
    void close() {
        if (bus != null) bus.close();
        if (store != null) store.close();
    }

    private TrackEngine engine(TrackSettings s) {
        return engine(s, EarlyWarning.OFF);
    }

    private TrackEngine engine(TrackSettings s, EarlyWarning early) {
        store = SqliteAlertStore.open(dir);
        bus = new LocalEventBus();
        clock = new StepClock(T0);
        stats = new TrackStats();
        return new TrackEngine(tree, new AlertService(store, bus, clock), clock, s, early, stats);
    }

    private static TrackSettings settings(TrackSettings.Mode mode, int deadline) {
        TrackSettings d = TrackSettings.defaults();
        return new TrackSettings(
                d.maxAgeSeconds(),
                d.horizonSeconds(),
                d.deliverySeconds(),
                d.marginSeconds(),
                d.holdSeconds(),
                d.lostSeconds(),
                d.batchMax(),
                mode,
                Map.of(),
                deadline);
    }

    /** A report of a threat flying south toward Kharkiv at {@code speed}, {@code t} seconds after T0. */
    private static TrackReport south(String id, ThreatClass c, double t, double speed) {
        return south(id, c, LAT, t, speed);
    }

    private static TrackReport south(String id, ThreatClass c, double lat0, double t, double speed) {
        double lat = lat0 - speed * t / 111_320.0;
        return new TrackReport(id, c, T0.plusMillis((long) (t * 1000)), lat, LON, 0, -speed, 0, Double.NaN, 300, null);
    }

    private List<AlertEvent> events() {
        List<AlertEvent> out = new ArrayList<>();
        store.forEachEvent(0, out::add);
        return out;
    }

    private void runUntil(TrackEngine e, double t) {
        while (clock.instant().isBefore(T0.plusMillis((long) (t * 1000)))) {
            clock.advance(Duration.ofSeconds(1));
            e.tick();
        }
    }

    @Test
    void oneTrackMakesOneAlertThatGrowsAndIsCancelledAfterTheHold() {
        TrackEngine e = engine(TrackSettings.defaults());
        for (int t = 0; t <= 300; t += 5) {
            runUntil(e, t);
            e.submit(List.of(south("cm", ThreatClass.CRUISE_MISSILE, t, 200)));
        }
        List<AlertEvent> ev = events();
        assertThat(ev).filteredOn(x -> x.kind() == EventKind.ISSUED).hasSize(1);
        assertThat(ev.get(0).alert().type()).isEqualTo(AlertType.CRUISE_MISSILE);
        assertThat(ev).noneMatch(x -> x.alert().type() == AlertType.EARLY_WARNING); // off unless configured
        assertThat(ev.get(0).alert().sender()).isEqualTo(TrackEngine.SENDER);
        assertThat(ev).filteredOn(x -> x.kind() == EventKind.UPDATED).isNotEmpty();
        // Kharkiv (20 km ahead, 100 s at 200 m/s) was warned at least shelter + delivery before the threat got there
        AlertEvent first = ev.stream()
                .filter(x -> x.alert().zones().contains(KHARKIV))
                .findFirst()
                .orElseThrow();
        double lead = Duration.between(first.at(), T0.plusSeconds(20_000 / 200)).toSeconds();
        assertThat(lead).isGreaterThanOrEqualTo(tree.get(KHARKIV).orElseThrow().shelterSeconds() + 3);

        runUntil(e, 305);
        e.submit(List.of(new TrackReport(
                "cm",
                ThreatClass.CRUISE_MISSILE,
                clock.instant(),
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                Double.NaN,
                0,
                TrackReport.End.DESTROYED)));
        runUntil(e, 305 + TrackSettings.DEFAULT_HOLD_SECONDS - 2);
        assertThat(events())
                .noneMatch(x -> x.kind() == EventKind.CANCELLED); // zones last due at the end are still held
        runUntil(e, 305 + TrackSettings.DEFAULT_HOLD_SECONDS + 2);
        ev = events();
        assertThat(ev.get(ev.size() - 1).kind()).isEqualTo(EventKind.CANCELLED);
        assertThat(e.views()).isEmpty();
        assertThat(stats.asMap()).containsEntry("alerts_raised", 1L).containsEntry("alerts_cancelled", 1L);
    }

    @Test
    void zonesFarAheadAreNotWarnedYet() {
        TrackEngine e = engine(TrackSettings.defaults());
        // a drone 20 km out at 50 m/s arrives in ~400 s: more than 90 s shelter + margin + delivery away
        e.submit(List.of(south("d", ThreatClass.DRONE, 0, 50)));
        assertThat(events()).noneMatch(x -> x.alert().zones().contains(KHARKIV));
        assertThat(e.views())
                .singleElement()
                .satisfies(v -> assertThat(v.corridor()).isNotNull());
    }

    @Test
    void staleOutOfOrderDuplicateAndFutureReportsAreCountedAndIgnored() {
        TrackEngine e = engine(TrackSettings.defaults());
        clock.set(T0.plusSeconds(100));
        TrackEngine.BatchResult r = e.submit(List.of(
                south("a", ThreatClass.DRONE, 100, 50),
                south("a", ThreatClass.DRONE, 100, 50), // duplicate
                south("a", ThreatClass.DRONE, 95, 50), // out of order
                south("b", ThreatClass.DRONE, 100 - TrackSettings.DEFAULT_MAX_AGE_SECONDS - 1, 50), // stale
                south("c", ThreatClass.DRONE, 100 + TrackSettings.DEFAULT_MAX_AGE_SECONDS + 1, 50))); // from the future
        assertThat(r).isEqualTo(new TrackEngine.BatchResult(1, 1, 1, 1, 1, 0));
        assertThat(stats.asMap())
                .containsEntry("accepted", 1L)
                .containsEntry("duplicate", 1L)
                .containsEntry("out_of_order", 1L)
                .containsEntry("stale", 1L)
                .containsEntry("future", 1L);
        assertThat(e.liveTracks()).isEqualTo(1);
    }

    @Test
    void aSilentTrackIsLostAndItsWarningEnds() {
        TrackEngine e = engine(TrackSettings.defaults());
        e.submit(List.of(south("g", ThreatClass.GUIDED_BOMB, 0, 250)));
        assertThat(events())
                .singleElement()
                .satisfies(x -> assertThat(x.alert().type()).isEqualTo(AlertType.GUIDED_BOMB));
        runUntil(e, TrackSettings.DEFAULT_LOST_SECONDS + TrackSettings.DEFAULT_HOLD_SECONDS + 3);
        assertThat(stats.asMap()).containsEntry("tracks_lost_by_silence", 1L);
        assertThat(events().get(events().size() - 1).kind()).isEqualTo(EventKind.CANCELLED);
    }

    @Test
    void inConfirmModeAProposalWaitsForOneClick() {
        TrackEngine e = engine(settings(TrackSettings.Mode.CONFIRM, 0));
        e.submit(List.of(south("x", ThreatClass.AIRCRAFT, 0, 250)));
        runUntil(e, 30);
        assertThat(events()).isEmpty();
        TrackView v = e.views().iterator().next();
        assertThat(v.pendingZones()).contains(KHARKIV);
        assertThat(v.deadline()).isNull();
        TrackView after = e.confirm("x");
        assertThat(after.pendingZones()).isEmpty();
        assertThat(events()).singleElement().satisfies(x -> {
            assertThat(x.alert().type()).isEqualTo(AlertType.AIR_RAID);
            assertThat(x.alert().zones()).contains(KHARKIV);
        });
    }

    @Test
    void anUnconfirmedProposalGoesOutAtItsDeadline() {
        TrackEngine e = engine(settings(TrackSettings.Mode.CONFIRM, 10));
        e.submit(List.of(south("y", ThreatClass.BALLISTIC, 0, 600)));
        assertThat(e.views().iterator().next().deadline()).isEqualTo(T0.plusSeconds(10));
        runUntil(e, 9);
        assertThat(events()).isEmpty();
        runUntil(e, 10);
        assertThat(events())
                .singleElement()
                .satisfies(x -> assertThat(x.alert().type()).isEqualTo(AlertType.BALLISTIC_MISSILE));
    }

    @Test
    void anAlertCancelledByAnOperatorIsNotRaisedAgain() {
        TrackEngine e = engine(TrackSettings.defaults());
        AlertService svc = new AlertService(store, bus, clock);
        e.submit(List.of(south("z", ThreatClass.CRUISE_MISSILE, 0, 250)));
        String id = events().get(0).alert().id();
        svc.cancel(id, "operator", null);
        runUntil(e, 5);
        e.submit(List.of(south("z", ThreatClass.CRUISE_MISSILE, 5, 250)));
        runUntil(e, 20);
        assertThat(events()).hasSize(2);
    }

    @Test
    void anEarlyWarningGoesToTheOblastMinutesAheadAndTheRealAlertTakesOver() {
        TrackEngine e = engine(TrackSettings.defaults(), new EarlyWarning(true, 600));
        // a drone over Russia, ~35 km north of the Kharkiv oblast border (about 50.42 N here), flying south at 50 m/s
        double lat0 = 50.75;
        double end = 0;
        for (int t = 0; t <= 1200 && end == 0; t += 5) {
            runUntil(e, t);
            e.submit(List.of(south("d", ThreatClass.DRONE, lat0, t, 50)));
            if (events().stream().anyMatch(x -> x.alert().type() == AlertType.DRONE)) end = t;
        }
        List<AlertEvent> ev = events();
        AlertEvent pre = ev.get(0);
        assertThat(pre.kind()).isEqualTo(EventKind.ISSUED);
        assertThat(pre.alert().type()).isEqualTo(AlertType.EARLY_WARNING);
        assertThat(pre.alert().zones()).containsExactly(KHARKIV_OBLAST); // grouped per oblast, not per hromada
        assertThat(pre.alert().message().get("uk")).contains("Очікуються загрози протягом кількох хвилин");
        assertThat(pre.alert().message().get("en")).contains("Threats are expected within minutes");
        AlertEvent real = ev.stream()
                .filter(x -> x.alert().type() == AlertType.DRONE)
                .findFirst()
                .orElseThrow();
        assertThat(Duration.between(pre.at(), real.at()).toSeconds())
                .as("pre-alert lead over the alert")
                .isGreaterThanOrEqualTo(180);
        // the real alert took over in the oblast: the pre-alert ended with the same decision
        AlertEvent preEnd = ev.stream()
                .filter(x -> x.alert().id().equals(pre.alert().id()) && x.kind() == EventKind.CANCELLED)
                .findFirst()
                .orElseThrow();
        assertThat(preEnd.seq()).isGreaterThan(real.seq());
        assertThat(e.views().iterator().next().earlyAlertId()).isNull();

        e.submit(List.of(new TrackReport(
                "d",
                ThreatClass.DRONE,
                clock.instant().plusMillis(1),
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                Double.NaN,
                0,
                TrackReport.End.DESTROYED)));
        runUntil(e, end + TrackSettings.DEFAULT_HOLD_SECONDS + 5);
        assertThat(events())
                .filteredOn(x -> x.kind() == EventKind.ISSUED)
                .hasSize(2); // no pre-alert again once the threat is gone
        assertThat(e.views()).isEmpty();
    }

    @Test
    void anEarlyWarningEndsWhenTheThreatIsGoneBeforeItArrives() {
        TrackEngine e = engine(TrackSettings.defaults(), new EarlyWarning(true, 600));
        e.submit(List.of(south("d2", ThreatClass.DRONE, 50.65, 0, 50))); // ~25 km from the border
        assertThat(events())
                .singleElement()
                .satisfies(x -> assertThat(x.alert().type()).isEqualTo(AlertType.EARLY_WARNING));
        runUntil(e, 10);
        e.submit(List.of(new TrackReport(
                "d2",
                ThreatClass.DRONE,
                clock.instant(),
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                Double.NaN,
                0,
                TrackReport.End.DESTROYED)));
        List<AlertEvent> ev = events();
        assertThat(ev).extracting(AlertEvent::kind).containsExactly(EventKind.ISSUED, EventKind.CANCELLED);
        assertThat(e.views()).isEmpty();
    }

    private List<TrackReport> threeBombs(double t) {
        return List.of(
                south("b1", ThreatClass.GUIDED_BOMB, LAT, t, 250),
                south("b2", ThreatClass.GUIDED_BOMB, LAT + 0.02, t, 250),
                south("b3", ThreatClass.GUIDED_BOMB, LAT - 0.02, t, 250));
    }

    private static void await(List<AlertEvent> published, int n) throws InterruptedException {
        for (int i = 0; i < 500 && published.size() < n; i++) Thread.sleep(10);
    }

    private void sql(String statement) {
        store.sql().write("test: " + statement, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    @Test
    void theAlertChangesOfOneBatchAreCommittedTogetherAndPublishedInOrderAfterTheCommit() throws Exception {
        TrackEngine e = engine(TrackSettings.defaults());
        List<AlertEvent> published = new CopyOnWriteArrayList<>();
        bus.subscribe(published::add);
        e.submit(threeBombs(0));
        List<AlertEvent> ev = events();
        assertThat(ev).extracting(AlertEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(ev).allMatch(x -> x.kind() == EventKind.ISSUED && x.alert().type() == AlertType.GUIDED_BOMB);
        assertThat(e.views())
                .extracting(TrackView::alertId)
                .containsExactlyInAnyOrderElementsOf(
                        ev.stream().map(x -> x.alert().id()).toList());
        await(published, 3);
        assertThat(published).containsExactlyElementsOf(ev);

        // the next reports move the bombs on: the engine updates each alert at the version it holds
        runUntil(e, 5);
        e.submit(threeBombs(5));
        runUntil(e, 400);
        ev = events();
        assertThat(ev)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, ev.size()).boxed().toList());
        assertThat(ev).filteredOn(x -> x.kind() == EventKind.CANCELLED).hasSize(3);
        await(published, ev.size());
        assertThat(published).containsExactlyElementsOf(ev);
        assertThat(stats.asMap())
                .containsEntry("alerts_raised", 3L)
                .containsEntry("alerts_cancelled", 3L)
                .containsEntry("alert_failures", 0L);
    }

    @Test
    void aFailedCommitFailsTheWholeBatchVisiblyAndItsEffectFollowsOnceTheStoreRecovers() throws Exception {
        TrackEngine e = engine(TrackSettings.defaults());
        List<AlertEvent> published = new CopyOnWriteArrayList<>();
        bus.subscribe(published::add);
        // the database refuses the batch's second event, after its first was written in the same transaction
        sql("CREATE TRIGGER refuse_second BEFORE INSERT ON events WHEN (SELECT count(*) FROM events) >= 1 "
                + "BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");

        assertThatThrownBy(() -> e.submit(threeBombs(0))).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.code).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(p.getMessage())
                    .contains("the 3 accepted report(s)", "disk full (test)", "sending the batch again is safe");
        });
        assertThat(events()).isEmpty(); // the first raise went back with the rest
        assertThat(e.views()).hasSize(3).allSatisfy(v -> assertThat(v.alertId()).isNull());
        assertThat(stats.asMap()).containsEntry("alerts_raised", 0L).containsEntry("alert_failures", 3L);
        runUntil(e, 1); // still refused: still nothing, the tracks keep their state
        assertThat(events()).isEmpty();

        sql("DROP TRIGGER refuse_second");
        runUntil(e, 2); // the next tick commits what the accepted reports called for
        List<AlertEvent> ev = events();
        assertThat(ev).extracting(AlertEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(e.views())
                .extracting(TrackView::alertId)
                .containsExactlyInAnyOrderElementsOf(
                        ev.stream().map(x -> x.alert().id()).toList());
        assertThat(e.submit(threeBombs(0)))
                .isEqualTo(new TrackEngine.BatchResult(0, 0, 0, 0, 3, 0)); // sent again: harmless
        assertThat(events()).hasSize(3);
        await(published, 3);
        assertThat(published).containsExactlyElementsOf(ev); // nothing was published of the failed attempts
    }

    @Test
    void anAlertChangedByAnOperatorIsUpdatedOnTopOfTheirChange() {
        TrackEngine e = engine(TrackSettings.defaults());
        AlertService svc = new AlertService(store, bus, clock);
        e.submit(List.of(south("m", ThreatClass.CRUISE_MISSILE, 0, 250)));
        AlertEvent first = events().getFirst();
        svc.update(
                first.alert().id(),
                new AlertRequest(null, null, null, null, Map.of("en", "Operator's word"), null, false),
                "operator",
                null);
        for (int t = 5; t <= 60; t += 5) {
            runUntil(e, t);
            e.submit(List.of(south("m", ThreatClass.CRUISE_MISSILE, t, 250)));
        }
        List<AlertEvent> ev = events();
        AlertEvent last = ev.getLast();
        assertThat(last.alert().id()).isEqualTo(first.alert().id());
        assertThat(last.kind()).isEqualTo(EventKind.UPDATED);
        assertThat(last.alert().sender()).isEqualTo(TrackEngine.SENDER);
        assertThat(ev.stream()
                        .filter(x -> x.alert().id().equals(first.alert().id()))
                        .count())
                .isGreaterThan(2);
        assertThat(last.alert().message().get("en"))
                .isNotEqualTo("Operator's word"); // the engine's update came after it
        assertThat(stats.asMap()).containsEntry("alert_failures", 0L).containsEntry("alerts_raised", 1L);
        assertThat(e.views().iterator().next().alertId())
                .isEqualTo(first.alert().id());
        assertThat(last.alert().zones()).isEqualTo(e.views().iterator().next().warnedZones());
    }
}
