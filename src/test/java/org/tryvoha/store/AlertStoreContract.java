package org.tryvoha.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore.ConcurrentChangeException;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * The behaviour every {@link AlertStore} must have, written once. An implementation's test extends
 * this class and says how to open its store.
 */
public abstract class AlertStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456789Z");

    @TempDir
    protected Path dir;

    protected AlertStore store;

    /**
     * Opens the store kept under {@code dir}, empty the first time. Called again with the same
     * {@code dir} after {@link AlertStore#close()}, it must open the same data (this is how the
     * suite tests reopening and durability).
     */
    protected abstract AlertStore newStore(Path dir);

    @BeforeEach
    void openStore() {
        store = newStore(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens it again on the same data. */
    protected AlertStore reopen() {
        store.close();
        store = newStore(dir);
        return store;
    }

    // ---- fixtures

    protected static Alert alert(String id, AlertType type, AlertStatus status, List<String> zones, Instant issuedAt) {
        return new Alert(
                id,
                type,
                status,
                zones,
                null,
                Map.of("uk", "Тривога " + id, "en", "Alert " + id),
                "op-kharkiv",
                issuedAt,
                issuedAt.plus(Duration.ofHours(2)),
                issuedAt,
                null,
                true);
    }

    protected static Alert alert(String id, List<String> zones, Instant issuedAt) {
        return alert(id, AlertType.AIR_RAID, AlertStatus.ACTUAL, zones, issuedAt);
    }

    protected static Alert withZones(Alert a, List<String> zones, Instant at) {
        return new Alert(
                a.id(),
                a.type(),
                a.status(),
                zones,
                a.area(),
                a.message(),
                a.sender(),
                a.issuedAt(),
                a.expiresAt(),
                at,
                a.endedAt(),
                a.active());
    }

    protected AlertEvent issue(Alert a) {
        return store.append(EventKind.ISSUED, a, List.of(), a.issuedAt(), 0);
    }

    // ---- the sequence

    @Test
    void anEmptyStoreHasNothing() {
        assertThat(store.lastSeq()).isZero();
        assertThat(store.events(0, 10)).isEmpty();
        assertThat(store.active()).isEmpty();
        assertThat(store.alert("nope")).isEmpty();
        HistoryPage page = store.history(new HistoryQuery(null, null, null, null, null, null, 10));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void sqlSharesTheDatabaseAndRollsBackAFailedWrite() {
        issue(alert("a", List.of("z1"), T0));
        long events = store.sql().read("count", c -> count(c, "select count(*) from events"));
        assertThat(events).isEqualTo(1);
        assertThatThrownBy(() -> store.sql().write("failing", c -> {
                    try (var st = c.createStatement()) {
                        st.executeUpdate("update operator_keys set name = name || 'x'");
                        st.executeUpdate("delete from alert_zones");
                    }
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        long zones = store.sql().read("count", c -> count(c, "select count(*) from alert_zones"));
        assertThat(zones).isEqualTo(1);
        int deleted = store.sql().write("delete", c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("delete from alert_zones");
            }
        });
        assertThat(deleted).isEqualTo(1);
        long after = store.sql().read("count", c -> count(c, "select count(*) from alert_zones"));
        assertThat(after).isZero();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theSequenceStartsAtOneAndHasNoGaps() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        AlertEvent b1 = issue(alert("b", List.of("z2"), T0.plusSeconds(1)));
        AlertEvent a2 = store.append(
                EventKind.UPDATED,
                withZones(a1.alert(), List.of("z3"), T0.plusSeconds(2)),
                List.of("z1"),
                T0.plusSeconds(2),
                a1.seq());
        AlertEvent b2 = store.append(
                EventKind.CANCELLED, b1.alert().ended(T0.plusSeconds(3)), List.of(), T0.plusSeconds(3), b1.seq());

        assertThat(List.of(a1.seq(), b1.seq(), a2.seq(), b2.seq())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.lastSeq()).isEqualTo(4);
        assertThat(store.events(0, 100)).extracting(AlertEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aConflictWritesNothingAndBurnsNoNumber() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        Alert changed = withZones(a1.alert(), List.of("z9"), T0.plusSeconds(5));

        assertThatThrownBy(() -> store.append(EventKind.ISSUED, changed, List.of(), T0, 0))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThatThrownBy(() -> store.append(EventKind.UPDATED, changed, List.of("z1"), T0, a1.seq() + 7))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThatThrownBy(() -> store.append(EventKind.UPDATED, alert("ghost", List.of("z1"), T0), List.of(), T0, 1))
                .isInstanceOf(ConcurrentChangeException.class);

        assertThat(store.lastSeq()).isEqualTo(1);
        assertThat(store.events(0, 10)).containsExactly(a1);
        assertThat(store.alert("a")).contains(new StoredAlert(a1.alert(), 1));
        assertThat(store.alert("ghost")).isEmpty();
        assertThat(store.history(new HistoryQuery(Set.of("z9"), null, null, null, null, null, 10))
                        .items())
                .isEmpty();

        AlertEvent next = store.append(EventKind.UPDATED, changed, List.of("z1"), T0.plusSeconds(5), a1.seq());
        assertThat(next.seq()).isEqualTo(2);
    }

    @Test
    void theSequenceContinuesAfterReopening() {
        issue(alert("a", List.of("z1"), T0));
        issue(alert("b", List.of("z1"), T0));
        assertThatThrownBy(() -> issue(alert("b", List.of("z1"), T0))).isInstanceOf(ConcurrentChangeException.class);
        reopen();
        assertThat(store.lastSeq()).isEqualTo(2);
        assertThat(issue(alert("c", List.of("z1"), T0)).seq()).isEqualTo(3);
    }

    // ---- reading the log

    @Test
    void eventsComeBackAsTheyWereAppendedInOrderAfterTheGivenSeq() throws Exception {
        List<AlertEvent> appended = new ArrayList<>();
        Alert withArea = new Alert(
                "area",
                AlertType.BALLISTIC_MISSILE,
                AlertStatus.EXERCISE,
                List.of("UA63", "UA6312"),
                Json.MAPPER.readTree("{\"type\":\"Point\",\"coordinates\":[36.23,49.99]}"),
                Map.of("uk", "Загроза"),
                "rule:tracks",
                T0,
                null,
                T0,
                null,
                true);
        appended.add(issue(withArea));
        for (int i = 0; i < 9; i++) appended.add(issue(alert("e" + i, List.of("z" + i), T0.plusMillis(i))));

        assertThat(store.events(0, 100)).containsExactlyElementsOf(appended);
        assertThat(store.events(0, 3)).containsExactlyElementsOf(appended.subList(0, 3));
        assertThat(store.events(3, 3)).containsExactlyElementsOf(appended.subList(3, 6));
        assertThat(store.events(9, 5)).containsExactly(appended.get(9));
        assertThat(store.events(10, 5)).isEmpty();
        assertThat(store.events(0, 0)).isEmpty();
        assertThat(store.events(0, 1).get(0).alert().area()).isEqualTo(withArea.area());
    }

    @Test
    void forEachEventStreamsInOrderAfterTheGivenSeq() {
        int n = 700;
        for (int i = 0; i < n; i++) issue(alert("f" + i, List.of("z" + (i % 5)), T0.plusSeconds(i)));

        List<Long> all = new ArrayList<>();
        store.forEachEvent(0, e -> all.add(e.seq()));
        assertThat(all)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());

        List<AlertEvent> tail = new ArrayList<>();
        store.forEachEvent(650, tail::add);
        assertThat(tail)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(651, n).boxed().toList());
        assertThat(tail).extracting(e -> e.alert().id()).startsWith("f650", "f651");

        List<AlertEvent> none = new ArrayList<>();
        store.forEachEvent(n, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void aSinkMayReadTheStoreWhileStreaming() {
        for (int i = 0; i < 20; i++) issue(alert("s" + i, List.of("z1"), T0.plusSeconds(i)));
        AtomicInteger seen = new AtomicInteger();
        store.forEachEvent(
                0,
                e -> store.forEachEvent(e.seq() - 1, inner -> {
                    assertThat(store.alert(inner.alert().id())).isPresent();
                    seen.incrementAndGet();
                }));
        assertThat(seen.get()).isEqualTo(20 * 21 / 2);
    }

    // ---- the alert rows follow the events

    @Test
    void theAlertRowFollowsItsEvents() {
        AlertEvent issued = issue(alert("a", List.of("UA63"), T0));
        assertThat(store.alert("a")).contains(new StoredAlert(issued.alert(), 1));
        assertThat(store.active()).containsExactly(new StoredAlert(issued.alert(), 1));

        issue(alert("other", List.of("UA63"), T0.plusSeconds(1)));
        Instant t1 = T0.plusSeconds(60);
        Alert narrowed = withZones(issued.alert(), List.of("UA6312", "UA6314"), t1);
        AlertEvent updated = store.append(EventKind.UPDATED, narrowed, List.of("UA63"), t1, 1);
        assertThat(updated.seq()).isEqualTo(3);
        assertThat(updated.previousZones()).containsExactly("UA63");
        StoredAlert now = store.alert("a").orElseThrow();
        assertThat(now.seq()).isEqualTo(3);
        assertThat(now.alert().zones()).containsExactly("UA6312", "UA6314");
        assertThat(now.alert().active()).isTrue();
        assertThat(ids(store.history(new HistoryQuery(Set.of("UA63"), null, null, null, null, null, 10))))
                .containsExactly("other");
        assertThat(ids(store.history(new HistoryQuery(Set.of("UA6314"), null, null, null, null, null, 10))))
                .containsExactly("a");

        Instant t2 = T0.plusSeconds(600);
        AlertEvent cancelled = store.append(EventKind.CANCELLED, narrowed.ended(t2), List.of(), t2, 3);
        StoredAlert ended = store.alert("a").orElseThrow();
        assertThat(ended.seq()).isEqualTo(cancelled.seq()).isEqualTo(4);
        assertThat(ended.alert().active()).isFalse();
        assertThat(ended.alert().endedAt()).isEqualTo(t2);
        assertThat(store.active()).extracting(s -> s.alert().id()).containsExactly("other");
        assertThat(store.events(0, 10))
                .extracting(AlertEvent::kind)
                .containsExactly(EventKind.ISSUED, EventKind.ISSUED, EventKind.UPDATED, EventKind.CANCELLED);
    }

    @Test
    void activeListsTheAlertsNotEndedOldestFirst() {
        issue(alert("mid", List.of("z1"), T0.plusSeconds(10)));
        AlertEvent old = issue(alert("old", List.of("z1"), T0));
        issue(alert("new", List.of("z2"), T0.plusSeconds(20)));
        AlertEvent gone = issue(alert("gone", List.of("z3"), T0.plusSeconds(5)));
        store.append(
                EventKind.EXPIRED, gone.alert().ended(T0.plusSeconds(30)), List.of(), T0.plusSeconds(30), gone.seq());
        store.append(
                EventKind.UPDATED,
                withZones(old.alert(), List.of("z4"), T0.plusSeconds(40)),
                List.of("z1"),
                T0.plusSeconds(40),
                old.seq());

        assertThat(store.active()).extracting(s -> s.alert().id()).containsExactly("old", "mid", "new");
        assertThat(store.active().get(0).seq()).isEqualTo(6);
    }

    // ---- history

    /**
     * 60 alerts over 8 zones: all types and statuses mixed, some issued at the same instant (to test
     * the paging tie-break), most ended. Deterministic, so a failure can be replayed.
     */
    private List<Alert> historyFixture() {
        Random rnd = new Random(20260301);
        AlertType[] types = {AlertType.AIR_RAID, AlertType.DRONE, AlertType.BALLISTIC_MISSILE, AlertType.ARTILLERY};
        List<Alert> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> zones = new ArrayList<>();
            for (int z = 0, n = 1 + rnd.nextInt(3); z < n; z++) {
                String zone = "Z" + rnd.nextInt(8);
                if (!zones.contains(zone)) zones.add(zone);
            }
            Instant issued = T0.plus(Duration.ofMinutes(10L * (i / 3))); // three alerts per instant
            AlertStatus status =
                    i % 7 == 0 ? AlertStatus.EXERCISE : i % 11 == 0 ? AlertStatus.TEST : AlertStatus.ACTUAL;
            String id = String.format("h%02d", (i * 37) % 60); // ids not in issue order
            Alert a = alert(id, types[rnd.nextInt(types.length)], status, zones, issued);
            AlertEvent e = issue(a);
            if (i % 5 != 0) {
                Instant end = issued.plus(Duration.ofMinutes(5 + rnd.nextInt(60)));
                a = store.append(EventKind.CANCELLED, a.ended(end), List.of(), end, e.seq())
                        .alert();
            }
            all.add(a);
        }
        return all;
    }

    private static boolean matches(Alert a, HistoryQuery q) {
        return (q.zones() == null || a.zones().stream().anyMatch(q.zones()::contains))
                && (q.types() == null || q.types().contains(a.type()))
                && (q.statuses() == null || q.statuses().contains(a.status()))
                && (q.from() == null || a.endedAt() == null || !a.endedAt().isBefore(q.from()))
                && (q.to() == null || a.issuedAt().isBefore(q.to()));
    }

    private static List<String> expected(List<Alert> all, HistoryQuery q) {
        return all.stream()
                .filter(a -> matches(a, q))
                .sorted(Comparator.comparing(Alert::issuedAt)
                        .thenComparing(Alert::id)
                        .reversed())
                .map(Alert::id)
                .toList();
    }

    /** Every page of {@code q}, checking the page contract on the way. */
    private List<String> allPages(HistoryQuery q) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages").isLessThan(1000);
            HistoryPage page = store.history(
                    new HistoryQuery(q.zones(), q.types(), q.statuses(), q.from(), q.to(), cursor, q.limit()));
            assertThat(page.items().size()).isLessThanOrEqualTo(q.limit());
            ids.addAll(ids(page));
            if (page.nextCursor() == null) return ids;
            assertThat(page.items()).as("a page with a next cursor is full").hasSize(q.limit());
            cursor = page.nextCursor();
        }
    }

    @Test
    void historyFiltersEachOnItsOwnAndCombined() {
        List<Alert> all = historyFixture();
        Instant from = T0.plus(Duration.ofMinutes(95));
        Instant to = T0.plus(Duration.ofMinutes(150));
        List<HistoryQuery> queries = List.of(
                new HistoryQuery(Set.of("Z3"), null, null, null, null, null, 1000),
                new HistoryQuery(Set.of("Z1", "Z6"), null, null, null, null, null, 1000),
                new HistoryQuery(null, Set.of(AlertType.DRONE), null, null, null, null, 1000),
                new HistoryQuery(null, Set.of(AlertType.AIR_RAID, AlertType.ARTILLERY), null, null, null, null, 1000),
                new HistoryQuery(null, null, Set.of(AlertStatus.EXERCISE), null, null, null, 1000),
                new HistoryQuery(null, null, Set.of(AlertStatus.ACTUAL, AlertStatus.TEST), null, null, null, 1000),
                new HistoryQuery(null, null, null, from, null, null, 1000),
                new HistoryQuery(null, null, null, null, to, null, 1000),
                new HistoryQuery(null, null, null, from, to, null, 1000),
                new HistoryQuery(
                        Set.of("Z2", "Z5"),
                        Set.of(AlertType.AIR_RAID, AlertType.DRONE),
                        Set.of(AlertStatus.ACTUAL),
                        from,
                        null,
                        null,
                        1000),
                new HistoryQuery(
                        Set.of("Z0", "Z4", "Z7"),
                        Set.of(AlertType.BALLISTIC_MISSILE, AlertType.AIR_RAID),
                        null,
                        null,
                        to,
                        null,
                        1000));
        for (HistoryQuery q : queries) {
            List<String> want = expected(all, q);
            assertThat(want).as("fixture exercises %s", q).isNotEmpty().hasSizeLessThan(all.size());
            assertThat(ids(store.history(q))).as("%s", q).containsExactlyElementsOf(want);
        }
        HistoryQuery none = new HistoryQuery(Set.of("nowhere"), null, null, null, null, null, 10);
        assertThat(store.history(none).items()).isEmpty();
        HistoryQuery empties = new HistoryQuery(Set.of(), Set.of(), Set.of(), null, null, null, 1000);
        assertThat(ids(store.history(empties))).as("empty sets do not filter").hasSize(all.size());
    }

    @Test
    void historyFromIsInclusiveAndToIsExclusive() {
        Alert a = alert("a", List.of("z"), T0);
        AlertEvent e = issue(a);
        Instant end = T0.plusSeconds(60);
        store.append(EventKind.CANCELLED, a.ended(end), List.of(), end, e.seq());
        assertThat(ids(store.history(new HistoryQuery(null, null, null, end, null, null, 10))))
                .containsExactly("a");
        assertThat(ids(store.history(new HistoryQuery(null, null, null, end.plusNanos(1), null, null, 10))))
                .isEmpty();
        assertThat(ids(store.history(new HistoryQuery(null, null, null, null, T0, null, 10))))
                .isEmpty();
        assertThat(ids(store.history(new HistoryQuery(null, null, null, null, T0.plusNanos(1), null, 10))))
                .containsExactly("a");
    }

    @Test
    void historyPagesThroughEverythingWithoutDuplicatesOrGaps() {
        List<Alert> all = historyFixture();
        for (int limit : List.of(1, 7, 9, 20, 60)) {
            HistoryQuery q = new HistoryQuery(null, null, null, null, null, null, limit);
            assertThat(allPages(q)).as("limit %d", limit).containsExactlyElementsOf(expected(all, q));
        }
        HistoryQuery filtered =
                new HistoryQuery(Set.of("Z1", "Z2", "Z3"), null, Set.of(AlertStatus.ACTUAL), null, null, null, 4);
        List<String> want = expected(all, filtered);
        assertThat(want.size()).as("more than two pages").isGreaterThan(2 * filtered.limit());
        assertThat(allPages(filtered)).containsExactlyElementsOf(want);
    }

    @Test
    void historyPagingIsStableWhileAlertsArrive() {
        List<Alert> all = historyFixture();
        HistoryPage first = store.history(new HistoryQuery(null, null, null, null, null, null, 10));
        // Newer alerts arrive, and an existing one ends, between two pages.
        issue(alert("late1", List.of("Z1"), T0.plus(Duration.ofDays(1))));
        issue(alert("late2", List.of("Z2"), T0.plus(Duration.ofDays(2))));
        List<String> seen = new ArrayList<>(ids(first));
        String cursor = first.nextCursor();
        while (cursor != null) {
            HistoryPage page = store.history(new HistoryQuery(null, null, null, null, null, cursor, 10));
            seen.addAll(ids(page));
            cursor = page.nextCursor();
        }
        assertThat(seen)
                .containsExactlyElementsOf(expected(all, new HistoryQuery(null, null, null, null, null, null, 10)));
    }

    @Test
    void historyRefusesABadLimitOrCursor() {
        issue(alert("a", List.of("z"), T0));
        assertThatThrownBy(() -> store.history(new HistoryQuery(null, null, null, null, null, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.history(new HistoryQuery(null, null, null, null, null, null, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.history(new HistoryQuery(null, null, null, null, null, "not a cursor!", 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.history(new HistoryQuery(null, null, null, null, null, null, 1000))
                        .items())
                .hasSize(1);
    }

    // ---- durability

    @Test
    void everythingIsThereAfterReopening() {
        AlertEvent a = issue(alert("a", List.of("z1", "z2"), T0));
        AlertEvent b = issue(alert("b", List.of("z2"), T0.plusSeconds(1)));
        AlertEvent bEnd =
                store.append(EventKind.CANCELLED, b.alert().ended(T0.plusSeconds(9)), List.of(), T0.plusSeconds(9), 2);
        List<AlertEvent> events = store.events(0, 100);
        HistoryPage history = store.history(new HistoryQuery(Set.of("z2"), null, null, null, null, null, 10));

        reopen();

        assertThat(store.events(0, 100)).containsExactlyElementsOf(events).containsExactly(a, b, bEnd);
        assertThat(store.lastSeq()).isEqualTo(3);
        assertThat(store.alert("b")).contains(new StoredAlert(bEnd.alert(), 3));
        assertThat(store.active()).containsExactly(new StoredAlert(a.alert(), 1));
        assertThat(store.history(new HistoryQuery(Set.of("z2"), null, null, null, null, null, 10)))
                .isEqualTo(history);
    }

    // ---- receipts of external messages

    private static AlertStore.Receipt receipt(String id, Instant sent) {
        return new AlertStore.Receipt(new AlertStore.MessageId("dsns@example", id), sent);
    }

    private AlertEvent appendFor(AlertEvent last, List<String> zones, Instant at, AlertStore.Receipt r) {
        return store.appendAll(List.of(new AlertStore.Change(
                        EventKind.UPDATED,
                        withZones(last.alert(), zones, at),
                        last.alert().zones(),
                        at,
                        last.seq(),
                        r)))
                .getFirst();
    }

    @Test
    void aReceiptIsWrittenWithItsEventAndFoundAgainAfterReopening() {
        AlertStore.Receipt raise = receipt("m1", T0);
        AlertEvent a = store.appendAll(List.of(new AlertStore.Change(
                        EventKind.ISSUED, alert("a", List.of("z1"), T0), List.of(), T0, 0, raise)))
                .getFirst();
        AlertStore.Receipt up = receipt("m2", T0.plusSeconds(20));
        AlertEvent b = appendFor(a, List.of("z1", "z2"), T0.plusSeconds(30), up);
        assertThat(store.applied(List.of())).isEmpty();

        reopen();

        var applied = store.applied(
                List.of(raise.message(), up.message(), receipt("never", T0).message()));
        assertThat(applied).containsOnlyKeys(raise.message(), up.message());
        assertThat(applied.get(raise.message()))
                .isEqualTo(new AlertStore.Applied(raise.message(), "a", a.seq(), T0, T0.plusSeconds(20)));
        assertThat(applied.get(up.message()).seq()).isEqualTo(b.seq());
    }

    @Test
    void aMessageAppliedBeforeOrOlderThanTheNewestOfItsAlertIsRefusedAndWritesNothing() {
        AlertEvent a = store.appendAll(List.of(new AlertStore.Change(
                        EventKind.ISSUED, alert("a", List.of("z1"), T0), List.of(), T0, 0, receipt("m1", T0))))
                .getFirst();
        AlertEvent b = appendFor(a, List.of("z2"), T0.plusSeconds(5), receipt("m3", T0.plusSeconds(20)));

        assertThatThrownBy(() -> appendFor(b, List.of("z3"), T0.plusSeconds(6), receipt("m3", T0.plusSeconds(20))))
                .isInstanceOfSatisfying(AlertStore.MessageRefusedException.class, x -> {
                    assertThat(x.applied).isNotNull();
                    assertThat(x.applied.seq()).isEqualTo(b.seq());
                });
        assertThatThrownBy(() -> appendFor(b, List.of("z1"), T0.plusSeconds(6), receipt("m2", T0.plusSeconds(10))))
                .isInstanceOfSatisfying(AlertStore.MessageRefusedException.class, x -> {
                    assertThat(x.applied).isNull();
                    assertThat(x.newestSent).isEqualTo(T0.plusSeconds(20));
                });
        assertThat(store.lastSeq()).isEqualTo(b.seq());
        assertThat(store.alert("a").orElseThrow().alert().zones()).containsExactly("z2");
        // the same time as the newest is not older: applied
        AlertEvent c = appendFor(b, List.of("z4"), T0.plusSeconds(7), receipt("m4", T0.plusSeconds(20)));
        assertThat(c.seq()).isEqualTo(b.seq() + 1);
        assertThat(store.applied(List.of(receipt("m2", T0).message()))).isEmpty();
    }

    // ---- concurrency

    @Test
    void concurrentAppendsOnDifferentAlertsGetEverySeqExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 40;
        Map<Long, String> bySeq = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "t" + t;
                done.add(pool.submit(() -> {
                    AlertEvent last = issue(alert(id, List.of("z" + id), T0));
                    bySeq.put(last.seq(), id);
                    for (int i = 1; i < perThread; i++) {
                        Instant at = T0.plusSeconds(i);
                        last = store.append(
                                EventKind.UPDATED,
                                withZones(last.alert(), List.of("z" + i), at),
                                last.alert().zones(),
                                at,
                                last.seq());
                        assertThat(bySeq.put(last.seq(), id)).isNull();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        long n = (long) threads * perThread;
        assertThat(bySeq.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(store.lastSeq()).isEqualTo(n);
        List<AlertEvent> log = store.events(0, (int) n + 10);
        assertThat(log)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(log).allMatch(e -> bySeq.get(e.seq()).equals(e.alert().id()));
        for (int t = 0; t < threads; t++) {
            String id = "t" + t;
            long lastOfAlert = log.stream()
                    .filter(e -> e.alert().id().equals(id))
                    .mapToLong(AlertEvent::seq)
                    .max()
                    .orElseThrow();
            assertThat(store.alert(id).orElseThrow().seq()).isEqualTo(lastOfAlert);
        }
    }

    @Test
    void racingWritersOnOneAlertConflictAndLeaveNoGaps() throws Exception {
        issue(alert("hot", List.of("z0"), T0));
        int threads = 8;
        int successesEach = 10;
        race("hot", threads, successesEach, (me, ok) -> {
            StoredAlert seen = store.alert("hot").orElseThrow();
            Instant at = T0.plusSeconds(1 + ok);
            store.append(
                    EventKind.UPDATED,
                    withZones(seen.alert(), List.of("z" + me), at),
                    seen.alert().zones(),
                    at,
                    seen.seq());
        });
        long n = 1 + (long) threads * successesEach;
        assertThat(store.lastSeq()).isEqualTo(n);
        assertThat(store.events(0, 1000))
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(store.alert("hot").orElseThrow().seq()).isEqualTo(n);
    }

    // ---- several events in one transaction

    private static AlertStore.Change issued(Alert a) {
        return new AlertStore.Change(EventKind.ISSUED, a, List.of(), a.issuedAt(), 0);
    }

    private static AlertStore.Change moved(AlertEvent last, List<String> zones, Instant at) {
        return new AlertStore.Change(
                EventKind.UPDATED,
                withZones(last.alert(), zones, at),
                last.alert().zones(),
                at,
                last.seq());
    }

    @Test
    void appendAllNumbersTheEventsInListOrderWithoutGaps() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        Instant t1 = T0.plusSeconds(3);
        List<AlertEvent> batch = store.appendAll(List.of(
                issued(alert("b", List.of("z2"), t1)),
                moved(a1, List.of("z3"), t1),
                new AlertStore.Change(EventKind.ISSUED, alert("c", List.of("z4"), t1), List.of(), t1, 0)));

        assertThat(batch).extracting(AlertEvent::seq).containsExactly(2L, 3L, 4L);
        assertThat(batch).extracting(e -> e.alert().id()).containsExactly("b", "a", "c");
        assertThat(batch.get(1).kind()).isEqualTo(EventKind.UPDATED);
        assertThat(batch.get(1).previousZones()).containsExactly("z1");
        assertThat(store.lastSeq()).isEqualTo(4);
        assertThat(store.events(1, 10)).containsExactlyElementsOf(batch);
        assertThat(store.alert("a")).contains(new StoredAlert(batch.get(1).alert(), 3));
        assertThat(store.alert("b")).contains(new StoredAlert(batch.get(0).alert(), 2));
        assertThat(ids(store.history(new HistoryQuery(Set.of("z3"), null, null, null, null, null, 10))))
                .containsExactly("a");
        assertThat(store.appendAll(List.of())).isEmpty();
        assertThat(issue(alert("d", List.of("z5"), t1)).seq()).isEqualTo(5);
        assertThat(StoredText.payloads(batch.get(1)).event()).isEqualTo(StoredText.json(batch.get(1)));
        assertThat(StoredText.payloads(batch.get(1)).alert())
                .isEqualTo(StoredText.json(batch.get(1).alert()));
    }

    @Test
    void appendAllWritesNothingWhenOneChangeConflicts() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        AlertEvent b1 = issue(alert("b", List.of("z2"), T0));
        Instant t1 = T0.plusSeconds(3);
        AlertEvent staleB = new AlertEvent(b1.seq() - 1, b1.kind(), b1.at(), b1.alert(), b1.previousZones());

        assertThatThrownBy(() -> store.appendAll(List.of(
                        issued(alert("x", List.of("z9"), t1)),
                        moved(a1, List.of("z9"), t1),
                        moved(staleB, List.of("z9"), t1))))
                .isInstanceOfSatisfying(
                        ConcurrentChangeException.class,
                        e -> assertThat(e.alertId).isEqualTo("b"));

        assertThat(store.lastSeq()).isEqualTo(2);
        assertThat(store.events(0, 10)).containsExactly(a1, b1);
        assertThat(store.alert("x")).isEmpty();
        assertThat(store.alert("a")).contains(new StoredAlert(a1.alert(), 1));
        assertThat(store.history(new HistoryQuery(Set.of("z9"), null, null, null, null, null, 10))
                        .items())
                .isEmpty();
        assertThat(store.appendAll(List.of(moved(a1, List.of("z9"), t1)))
                        .getFirst()
                        .seq())
                .isEqualTo(3);
    }

    @Test
    void appendAllWritesNothingWhenALaterWriteFails() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        Alert unstorable =
                alert("far", List.of("z2"), Instant.parse("+10000-01-01T00:00:00Z")); // a year the store refuses

        assertThatThrownBy(() -> store.appendAll(List.of(
                        moved(a1, List.of("z5"), T0.plusSeconds(1)),
                        issued(alert("y", List.of("z6"), T0)),
                        new AlertStore.Change(EventKind.ISSUED, unstorable, List.of(), T0, 0))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.lastSeq()).isEqualTo(1);
        assertThat(store.events(0, 10)).containsExactly(a1);
        assertThat(store.alert("a")).contains(new StoredAlert(a1.alert(), 1));
        assertThat(store.alert("y")).isEmpty();
        assertThat(issue(alert("y", List.of("z6"), T0)).seq()).isEqualTo(2);
    }

    @Test
    void appendAllRefusesTheSameAlertTwice() {
        AlertEvent a1 = issue(alert("a", List.of("z1"), T0));
        assertThatThrownBy(() -> store.appendAll(List.of(moved(a1, List.of("z2"), T0), moved(a1, List.of("z3"), T0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alert a appears twice");
        assertThat(store.lastSeq()).isEqualTo(1);
    }

    @Test
    void racingBatchesKeepTheirEventsTogetherDetectConflictsAndLeaveNoGaps() throws Exception {
        AlertEvent hot0 = issue(alert("hot", List.of("z0"), T0));
        int threads = 6;
        int successesEach = 8;
        race("hot", threads, successesEach, (me, ok) -> {
            StoredAlert seen = store.alert("hot").orElseThrow();
            Instant at = T0.plusSeconds(1 + ok);
            AlertEvent held = new AlertEvent(seen.seq(), EventKind.UPDATED, at, seen.alert(), List.of());
            List<AlertEvent> got = store.appendAll(List.of(
                    issued(alert("w" + me + "-" + ok, List.of("z" + me), at)), moved(held, List.of("z" + me), at)));
            assertThat(got.get(1).seq()).isEqualTo(got.get(0).seq() + 1);
        });
        long n = 1 + 2L * threads * successesEach;
        List<AlertEvent> log = store.events(0, 1000);
        assertThat(store.lastSeq()).isEqualTo(n);
        assertThat(log)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(log.getFirst()).isEqualTo(hot0);
        for (int i = 1; i < log.size(); i += 2) { // every batch: its new alert, then the hot one, next to each other
            assertThat(log.get(i).alert().id()).startsWith("w");
            assertThat(log.get(i + 1).alert().id()).isEqualTo("hot");
            assertThat(log.get(i + 1).alert().zones())
                    .isEqualTo(log.get(i).alert().zones());
        }
        assertThat(store.alert("hot").orElseThrow().seq()).isEqualTo(n);
    }

    /** One write of a racing thread; a {@link ConcurrentChangeException} means: lost the race, try again. */
    protected interface Attempt {
        void run(int thread, int successesSoFar) throws Exception;
    }

    /**
     * Runs {@code attempt} on {@code threads} threads at once until each has succeeded {@code
     * successesEach} times; every conflict must name the {@code contested} alert.
     */
    protected static void race(String contested, int threads, int successesEach, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                done.add(pool.submit(() -> {
                    for (int ok = 0; ok < successesEach; ) {
                        try {
                            attempt.run(me, ok);
                            ok++;
                        } catch (ConcurrentChangeException e) { // another thread changed it first: read it again
                            assertThat(e.alertId).isEqualTo(contested);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    protected static List<String> ids(HistoryPage page) {
        return page.items().stream().map(s -> s.alert().id()).toList();
    }
}
