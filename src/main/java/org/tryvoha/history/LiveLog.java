package org.tryvoha.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;

/**
 * The periods of the live log (alerts of status actual), zone by zone and version by version: a
 * zone counts from the event whose version first names it to the event whose version no longer does
 * (an update that drops it, a cancel, an expiry). Fed the log's events in sequence order, each once;
 * events are immutable, so only the new ones are read on each query. Thread-safe (synchronized).
 */
final class LiveLog {
    /** One zone under one live alert: [start, end) in epoch seconds, end {@link Intervals#OPEN} while in force. */
    record Span(String zone, long start, long end) {}

    private final List<Span> closed = new ArrayList<>();
    /** Alert id → zone → since when (epoch seconds), for the alerts in force. */
    private final Map<String, Map<String, Long>> open = new HashMap<>();

    private long lastSeq;

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Applies the next event of the log; one already applied (by sequence number) is ignored. */
    synchronized void apply(AlertEvent e) {
        if (e.seq() <= lastSeq) return;
        lastSeq = e.seq();
        if (e.alert().status() != AlertStatus.ACTUAL) return; // the status of an alert never changes
        long at = e.at().getEpochSecond();
        // Outward to whole seconds: an alert cancelled within the second it was raised still happened.
        long endAt = e.at().getNano() == 0 ? at : at + 1;
        Map<String, Long> zones = open.computeIfAbsent(e.alert().id(), id -> new HashMap<>());
        LinkedHashSet<String> now = e.kind().ends()
                ? new LinkedHashSet<>()
                : new LinkedHashSet<>(e.alert().zones());
        for (Iterator<Map.Entry<String, Long>> it = zones.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> z = it.next();
            if (now.contains(z.getKey())) continue;
            if (endAt > z.getValue()) closed.add(new Span(z.getKey(), z.getValue(), endAt));
            it.remove();
        }
        for (String z : now) zones.putIfAbsent(z, at);
        if (zones.isEmpty()) open.remove(e.alert().id());
    }

    /** Every span that ends after {@code from} (epoch seconds), those in force included. */
    synchronized List<Span> overlapping(long from) {
        List<Span> out = new ArrayList<>();
        for (Span s : closed) if (s.end() > from) out.add(s);
        open.forEach((id, zones) -> zones.forEach((z, start) -> out.add(new Span(z, start, Intervals.OPEN))));
        return out;
    }
}
