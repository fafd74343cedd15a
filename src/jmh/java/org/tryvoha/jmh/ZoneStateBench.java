package org.tryvoha.jmh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Zone-state derivation: applying one live event (issue then cancel, so the state stays small), and
 * rebuilding from a 10,000-event log held in memory (1–3 random zones per alert, ~30 open at a time).
 */
public class ZoneStateBench extends MicroBench {
    ZoneTree tree;
    ZoneState live;
    List<AlertEvent> log = new ArrayList<>();
    AlertEvent issue, cancel;
    long seq = 1_000_000;

    @Setup
    public void setup() {
        tree = Fixtures.ukraine();
        live = new ZoneState(tree);
        List<Zone> zones = new ArrayList<>(tree.all());
        Random rnd = new Random(42);
        List<AlertEvent> open = new ArrayList<>();
        Instant t = Instant.parse("2022-03-15T00:00:00Z");
        for (int i = 1; i <= 10_000; i++) {
            t = t.plusSeconds(60);
            if (open.size() < 30 && (open.isEmpty() || rnd.nextInt(100) < 52)) {
                List<String> z = new ArrayList<>();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--)
                    z.add(zones.get(rnd.nextInt(zones.size())).id());
                Alert a = new Alert(
                        "a" + i,
                        AlertType.AIR_RAID,
                        AlertStatus.ACTUAL,
                        z,
                        null,
                        Map.of("uk", "Тривога", "en", "Alert"),
                        "bench",
                        t,
                        null,
                        t,
                        null,
                        true);
                AlertEvent e = new AlertEvent(i, EventKind.ISSUED, t, a, List.of());
                open.add(e);
                log.add(e);
            } else {
                AlertEvent o = open.remove(rnd.nextInt(open.size()));
                log.add(new AlertEvent(i, EventKind.CANCELLED, t, o.alert().ended(t), List.of()));
            }
        }
        Alert a = new Alert(
                "live",
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("UA63000000000041885"),
                null,
                Map.of("uk", "Тривога", "en", "Alert"),
                "bench",
                t,
                null,
                t,
                null,
                true);
        issue = new AlertEvent(0, EventKind.ISSUED, t, a, List.of());
        cancel = new AlertEvent(0, EventKind.CANCELLED, t, a.ended(t), List.of());
    }

    /** One issue and one cancel of an oblast alert (two events). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ZoneState.Snapshot applyIssueAndCancel() {
        live.apply(new AlertEvent(++seq, issue.kind(), issue.at(), issue.alert(), issue.previousZones()));
        live.apply(new AlertEvent(++seq, cancel.kind(), cancel.at(), cancel.alert(), cancel.previousZones()));
        return live.snapshot();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ZoneState.Snapshot rebuild10k() {
        ZoneState s = new ZoneState(tree);
        s.rebuild(sink -> log.forEach(sink));
        return s.snapshot();
    }
}
