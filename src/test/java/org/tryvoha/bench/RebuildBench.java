package org.tryvoha.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.state.ZoneState;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Measures what a server does at start: rebuild the zone state from the whole event log.
 *
 * <p>{@code RebuildBench N DIR}: when DIR has no events, first appends N realistic events (real
 * zone ids at every level; most alerts cancelled, some updated, a few left active), one durable
 * transaction each; then rebuilds the state from the log three times and prints each time. Not run
 * by the test suite; the command is in BENCHMARKS.md.
 */
public final class RebuildBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/rebuild-bench");
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            if (store.lastSeq() == 0) fill(store, tree, n);
            for (int run = 1; run <= 3; run++) {
                ZoneState state = new ZoneState(tree);
                long t0 = System.nanoTime();
                state.rebuild(sink -> store.forEachEvent(0, sink));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(
                        "rebuild %d: %d events -> %d active alerts in %d ms (%.0f events/s)%n",
                        run,
                        state.snapshot().seq(),
                        state.snapshot().alerts().size(),
                        ms,
                        state.snapshot().seq() * 1000.0 / Math.max(1, ms));
            }
        }
    }

    private static void fill(AlertStore store, ZoneTree tree, int n) {
        List<Zone> zones = new ArrayList<>(tree.all());
        Random rnd = new Random(42);
        List<AlertEvent> open = new ArrayList<>();
        Instant t = Instant.parse("2022-03-15T00:00:00Z");
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            t = t.plusSeconds(60 + rnd.nextInt(600));
            if (open.size() < 30 && (open.isEmpty() || rnd.nextInt(100) < 52)) {
                Alert a = new Alert(
                        "a" + i,
                        AlertType.values()[rnd.nextInt(4)],
                        AlertStatus.ACTUAL,
                        pick(zones, rnd),
                        null,
                        Map.of("uk", "Повітряна тривога", "en", "Air raid alert"),
                        "bench",
                        t,
                        null,
                        t,
                        null,
                        true);
                open.add(store.append(EventKind.ISSUED, a, List.of(), t, 0));
                continue;
            }
            AlertEvent last = open.remove(rnd.nextInt(open.size()));
            Alert a = last.alert();
            if (rnd.nextInt(100) < 10) {
                Alert b = new Alert(
                        a.id(),
                        a.type(),
                        a.status(),
                        pick(zones, rnd),
                        null,
                        a.message(),
                        a.sender(),
                        a.issuedAt(),
                        null,
                        t,
                        null,
                        true);
                open.add(store.append(EventKind.UPDATED, b, a.zones(), t, last.seq()));
            } else {
                store.append(EventKind.CANCELLED, a.ended(t), List.of(), t, last.seq());
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("appended %d events in %.1f s (%.0f durable appends/s)%n", n, s, n / s);
    }

    private static List<String> pick(List<Zone> zones, Random rnd) {
        int k = 1 + rnd.nextInt(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(zones.get(rnd.nextInt(zones.size())).id());
        return out;
    }
}
