package org.tryvoha.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Per zone, the merged periods under alert from the imported history, counting the zone's own
 * alerts and its ancestors' (an oblast alert covers its hromadas). Built once per import
 * generation; immutable afterwards, so safe to share between threads. A zone with no alerts of its
 * own shares its parent's array, so the index costs memory only where records exist.
 */
final class HistoryIndex {
    private final Map<String, long[]> effective;
    private final long generation;
    private final int records;
    private final long firstStart;
    private final long lastTime;
    private final List<HistoryAlert> inForce;

    private HistoryIndex(
            Map<String, long[]> effective,
            long generation,
            int records,
            long firstStart,
            long lastTime,
            List<HistoryAlert> inForce) {
        this.effective = effective;
        this.generation = generation;
        this.records = records;
        this.firstStart = firstStart;
        this.lastTime = lastTime;
        this.inForce = inForce;
    }

    static HistoryIndex build(ZoneTree tree, Collection<HistoryAlert> alerts, long generation) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (HistoryAlert a : alerts) {
            first = Math.min(first, a.start().getEpochSecond());
            if (a.source().equals(HistoryAlert.PERMANENT)) continue; // added by us, in force: not the record's end
            last = Math.max(last, (a.end() == null ? a.start() : a.end()).getEpochSecond());
        }
        List<HistoryAlert> open = alerts.stream().filter(a -> a.end() == null).toList();
        return new HistoryIndex(effective(tree, own(alerts)), generation, alerts.size(), first, last, open);
    }

    /** Merged own periods of every zone that has records. */
    static Map<String, long[]> own(Collection<HistoryAlert> alerts) {
        Spans spans = new Spans();
        for (HistoryAlert a : alerts) spans.add(a.zoneId(), a.start(), a.end());
        return spans.merged();
    }

    /** Collects raw periods per zone; {@link #merged()} gives each zone's canonical set. Not thread-safe. */
    static final class Spans {
        private final Map<String, long[]> raw = new HashMap<>();
        private final Map<String, Integer> used = new HashMap<>();

        void add(String zone, Instant start, Instant end) {
            add(zone, start.getEpochSecond(), end == null ? Intervals.OPEN : end.getEpochSecond());
        }

        void add(String zone, long start, long end) {
            int n = used.getOrDefault(zone, 0);
            long[] buf = raw.computeIfAbsent(zone, z -> new long[16]);
            if (n + 2 > buf.length) raw.put(zone, buf = Arrays.copyOf(buf, buf.length * 2));
            buf[n] = start;
            buf[n + 1] = end;
            used.put(zone, n + 2);
        }

        boolean isEmpty() {
            return raw.isEmpty();
        }

        Map<String, long[]> merged() {
            Map<String, long[]> out = new HashMap<>();
            raw.forEach((z, buf) -> out.put(z, Intervals.merge(buf, used.get(z))));
            return out;
        }
    }

    /** Top-down: a zone's periods are its own united with its parent's. */
    static Map<String, long[]> effective(ZoneTree tree, Map<String, long[]> own) {
        Map<String, long[]> out = new HashMap<>();
        Deque<Zone> todo = new ArrayDeque<>(List.of(tree.root()));
        while (!todo.isEmpty()) {
            Zone z = todo.pop();
            long[] up =
                    z.parent() == null ? Intervals.EMPTY : out.get(z.parent().id());
            out.put(z.id(), Intervals.union(up, own.getOrDefault(z.id(), Intervals.EMPTY)));
            todo.addAll(z.children());
        }
        return out;
    }

    long[] periods(String zoneId) {
        return effective.getOrDefault(zoneId, Intervals.EMPTY);
    }

    /** The earliest start of an imported alert (epoch seconds); Long.MAX_VALUE when none. */
    long firstStart() {
        return firstStart;
    }

    /** The latest start or end of an imported alert, the permanent ones left out; Long.MIN_VALUE when none. */
    long lastTime() {
        return lastTime;
    }

    long generation() {
        return generation;
    }

    int records() {
        return records;
    }

    /** The imported records with no end (the permanent alerts): in force now, by start. */
    List<HistoryAlert> inForce() {
        return inForce;
    }
}
