package org.tryvoha.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * Not a test: a measurement. Appends N realistic events (default 100,000) one by one through
 * {@link AlertStore#append} (one transaction, one fsync each: no batching) into a fresh store, then
 * times a full rebuild read, {@code forEachEvent(0, ...)} decoding every event, best of 3. Given a
 * directory that already holds a store, it only times the reads (a cold JVM, as at startup).
 *
 * <pre>
 * ./mvnw -q -B test-compile
 * java --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *     org.tryvoha.store.RebuildMeasure [events] [dir]
 * </pre>
 * (cp.txt from {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class RebuildMeasure {
    private static final AlertType[] TYPES = {
        AlertType.AIR_RAID,
        AlertType.AIR_RAID,
        AlertType.AIR_RAID,
        AlertType.DRONE,
        AlertType.BALLISTIC_MISSILE,
        AlertType.GUIDED_BOMB,
        AlertType.ARTILLERY
    };

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tryvoha-measure");
        System.out.printf("store %s, %d events, java %s%n", dir, total, System.getProperty("java.version"));
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            if (store.lastSeq() == 0) appendAll(store, total);
            else
                System.out.printf("existing store with %d events: timing the reads only (cold JVM)%n", store.lastSeq());
            rebuild(store);
            history(store);
        }
    }

    private static void appendAll(AlertStore store, int total) {
        Random rnd = new Random(42);
        List<AlertEvent> active = new ArrayList<>();
        long[] micros = new long[total];
        Instant clock = Instant.parse("2024-01-01T00:00:00Z");
        int alerts = 0;
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            clock = clock.plusSeconds(1 + rnd.nextInt(120));
            int roll = rnd.nextInt(100);
            long t0 = System.nanoTime();
            if (active.size() < 20 || (active.size() < 300 && roll < 48)) {
                Alert a = newAlert("m" + alerts++, clock, rnd);
                active.add(store.append(EventKind.ISSUED, a, List.of(), clock, 0));
            } else {
                AlertEvent last = active.remove(rnd.nextInt(active.size()));
                Alert a = last.alert();
                if (roll < 60) { // updated: zones change, keeps running
                    Alert b = new Alert(
                            a.id(),
                            a.type(),
                            a.status(),
                            zones(rnd),
                            a.area(),
                            a.message(),
                            a.sender(),
                            a.issuedAt(),
                            a.expiresAt(),
                            clock,
                            null,
                            true);
                    active.add(store.append(EventKind.UPDATED, b, a.zones(), clock, last.seq()));
                } else {
                    EventKind kind = roll < 95 ? EventKind.CANCELLED : EventKind.EXPIRED;
                    store.append(kind, a.ended(clock), List.of(), clock, last.seq());
                }
            }
            micros[n] = (System.nanoTime() - t0) / 1000;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        System.out.printf(
                "append: %d events (%d alerts, %d still active) in %.1f s = %.0f events/s; latency p50 %d us, p99 %d us, max %d us%n",
                total,
                alerts,
                active.size(),
                secs,
                total / secs,
                micros[total / 2],
                micros[(int) (total * 0.99)],
                micros[total - 1]);
    }

    private static Alert newAlert(String id, Instant at, Random rnd) {
        AlertType type = TYPES[rnd.nextInt(TYPES.length)];
        AlertStatus status = rnd.nextInt(50) == 0 ? AlertStatus.EXERCISE : AlertStatus.ACTUAL;
        return new Alert(
                id,
                type,
                status,
                zones(rnd),
                null,
                Map.of("uk", type.titleUk, "en", type.titleEn),
                "op-" + rnd.nextInt(25),
                at,
                at.plus(Duration.ofHours(6)),
                at,
                null,
                true);
    }

    /** 1 to 3 hromada-level codes out of ~1,500. */
    private static List<String> zones(Random rnd) {
        List<String> z = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            String code = String.format(
                    "UA%02d%02d%02d00000%05d",
                    5 + rnd.nextInt(70), rnd.nextInt(20), rnd.nextInt(30), rnd.nextInt(1500));
            if (!z.contains(code)) z.add(code);
        }
        return z;
    }

    private static void rebuild(AlertStore store) {
        long best = Long.MAX_VALUE;
        for (int run = 1; run <= 3; run++) {
            long[] count = new long[2];
            long t0 = System.nanoTime();
            store.forEachEvent(0, e -> {
                count[0]++;
                count[1] += e.alert().zones().size();
            });
            long ns = System.nanoTime() - t0;
            best = Math.min(best, ns);
            System.out.printf(
                    "rebuild run %d: forEachEvent(0) decoded %d events (%d zone refs) in %d ms = %.0f events/s%n",
                    run, count[0], count[1], ns / 1_000_000, count[0] / (ns / 1e9));
        }
        System.out.printf("rebuild best of 3: %d ms%n", best / 1_000_000);
    }

    private static void history(AlertStore store) {
        String zone = store.events(0, 1).get(0).alert().zones().get(0);
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            HistoryPage first = store.history(new HistoryQuery(null, null, null, null, null, null, 100));
            long t1 = System.nanoTime();
            HistoryPage byZone = store.history(new HistoryQuery(Set.of(zone), null, null, null, null, null, 100));
            long t2 = System.nanoTime();
            System.out.printf(
                    "history run %d: newest 100 in %.1f ms; zone %s (%d items) in %.1f ms%n",
                    run, (t1 - t0) / 1e6, zone, byZone.items().size(), (t2 - t1) / 1e6);
            if (first.items().isEmpty()) throw new IllegalStateException("empty history");
        }
    }
}
