package org.tryvoha.crash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of {@link CrashIT} as plain functions over what the clients saw and what the log holds,
 * so that {@code CrashCheckTest} can show each of them failing. Each returns the problems it found.
 */
final class CrashCheck {
    private CrashCheck() {}

    /** An acknowledged write: the answer said this event was committed with this seq. */
    record Ack(long seq, String kind, String alertId, String zone) {}

    /** A write that got no answer (connection error): {@code alertId} for a cancel, {@code zone} for a raise. */
    record Failed(String kind, String alertId, String zone, String error) {}

    /** An event as an SSE subscriber received it. */
    record Received(long seq, String kind, String alertId) {}

    /** An event as GET /api/v1/events lists it. */
    record LogEvent(
            long seq, String kind, String alertId, boolean active, List<String> zones, List<String> previousZones) {
        static LogEvent of(JsonNode e) {
            List<String> zones = new ArrayList<>(), prev = new ArrayList<>();
            e.path("alert").path("zones").forEach(z -> zones.add(z.asText()));
            e.path("previous_zones").forEach(z -> prev.add(z.asText()));
            return new LogEvent(
                    e.path("seq").asLong(),
                    e.path("kind").asText(),
                    e.path("alert").path("id").asText(),
                    e.path("alert").path("active").asBoolean(),
                    zones,
                    prev);
        }

        Received received() {
            return new Received(seq, kind, alertId);
        }
    }

    /** The log's seqs are exactly 1..N and N is the last seq the server reports. */
    static List<String> gapFree(List<LogEvent> log, long lastSeq) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).seq() != i + 1) {
                p.add("log position " + (i + 1) + " holds seq " + log.get(i).seq() + " (gap or duplicate)");
                break;
            }
        }
        if (lastSeq != log.size()) p.add("last_seq is " + lastSeq + " but the log lists " + log.size() + " events");
        return p;
    }

    /** Every acknowledged write is in the log with the same seq, kind and alert; no seq acknowledged twice. */
    static List<String> acknowledgedAreStored(List<Ack> acks, List<LogEvent> log) {
        List<String> p = new ArrayList<>();
        Map<Long, LogEvent> bySeq = bySeq(log);
        Set<Long> seen = new HashSet<>();
        for (Ack a : acks) {
            if (!seen.add(a.seq())) p.add("seq " + a.seq() + " was acknowledged twice");
            LogEvent e = bySeq.get(a.seq());
            if (e == null) p.add("acknowledged " + a + " is not in the log (lost)");
            else if (!e.kind().equals(a.kind()) || !e.alertId().equals(a.alertId())) {
                p.add("acknowledged " + a + " but the log has " + e + " at that seq");
            } else if (a.zone() != null && !e.zones().equals(List.of(a.zone()))) {
                p.add("acknowledged raise " + a + " is stored with zones " + e.zones());
            }
        }
        return p;
    }

    /**
     * Events of this round (seq > {@code roundStart}) that no one acknowledged must each be explained
     * by a distinct write that failed with a connection error: a cancel of that alert, or a raise in
     * that zone. Anything else appeared from nowhere.
     */
    static List<String> unacknowledgedAreExplained(
            List<LogEvent> log, long roundStart, List<Ack> acks, List<Failed> failed) {
        List<String> p = new ArrayList<>();
        Set<Long> acked = new HashSet<>();
        acks.forEach(a -> acked.add(a.seq()));
        List<Failed> unused = new ArrayList<>(failed);
        for (LogEvent e : log) {
            if (e.seq() <= roundStart || acked.contains(e.seq())) continue;
            Failed match = null;
            for (Failed f : unused) {
                boolean fits = f.kind().equals(e.kind())
                        && (e.kind().equals("cancelled")
                                ? e.alertId().equals(f.alertId())
                                : e.zones().equals(List.of(f.zone())));
                if (fits) {
                    match = f;
                    break;
                }
            }
            if (match == null) p.add("the log has " + e + " that no failed request explains");
            else unused.remove(match);
        }
        return p;
    }

    /** Log events in (after, upTo] that touch any of {@code hears}, in order. */
    static List<LogEvent> filter(List<LogEvent> log, long after, long upTo, Set<String> hears) {
        List<LogEvent> out = new ArrayList<>();
        for (LogEvent e : log) {
            if (e.seq() <= after || e.seq() > upTo) continue;
            if (e.zones().stream().anyMatch(hears::contains)
                    || e.previousZones().stream().anyMatch(hears::contains)) out.add(e);
        }
        return out;
    }

    /**
     * What one connection received after {@code base} is exactly the log's events for its zone from
     * {@code base} up to the last one it received: nothing missing, nothing repeated, nothing that the
     * log does not hold, in order.
     */
    static List<String> exactStream(
            String zone, long base, List<Received> received, List<LogEvent> log, Set<String> hears) {
        long upTo =
                received.isEmpty() ? base : received.get(received.size() - 1).seq();
        List<Received> expected =
                filter(log, base, upTo, hears).stream().map(LogEvent::received).toList();
        if (expected.equals(received)) return List.of();
        return List.of("subscriber " + zone + " after " + base + " received " + describe(received) + " but the log has "
                + describe(expected) + firstDifference(received, expected));
    }

    private static String describe(List<Received> l) {
        return l.size() + " events"
                + (l.isEmpty()
                        ? ""
                        : " (" + l.get(0).seq() + ".." + l.get(l.size() - 1).seq() + ")");
    }

    private static String firstDifference(List<Received> got, List<Received> want) {
        for (int i = 0; i < Math.max(got.size(), want.size()); i++) {
            Received g = i < got.size() ? got.get(i) : null, w = i < want.size() ? want.get(i) : null;
            if (g == null || !g.equals(w)) return "; first difference at #" + i + ": got " + g + ", log " + w;
        }
        return "";
    }

    static Map<String, LogEvent> lastEventPerAlert(List<LogEvent> log) {
        Map<String, LogEvent> last = new LinkedHashMap<>();
        for (LogEvent e : log) last.put(e.alertId(), e);
        return last;
    }

    /** Ids of alerts whose latest event leaves them active. */
    static List<String> activeAlerts(List<LogEvent> log) {
        List<String> out = new ArrayList<>();
        lastEventPerAlert(log).forEach((id, e) -> {
            if (e.active()) out.add(id);
        });
        return out;
    }

    private static Map<Long, LogEvent> bySeq(List<LogEvent> log) {
        Map<Long, LogEvent> m = new HashMap<>();
        for (LogEvent e : log) m.put(e.seq(), e);
        return m;
    }
}
