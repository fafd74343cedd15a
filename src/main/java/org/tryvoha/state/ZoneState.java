package org.tryvoha.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.EventKind;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Which alerts cover which zone now, derived from the event log alone.
 *
 * <p>Apply events in sequence order from one thread ({@link #apply}); read from any thread
 * ({@link #snapshot}): each apply publishes a new immutable snapshot, so a reader always sees the
 * state as of one exact sequence number.
 */
public final class ZoneState {
    private final ZoneTree zones;
    // the working state, touched only under this object's lock; readers get immutable snapshots
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Map<String, Instant>> since = new HashMap<>();
    private long seq;
    private volatile Snapshot snapshot = new Snapshot(0, Map.of(), Map.of(), Map.of());

    public ZoneState(ZoneTree zones) {
        this.zones = zones;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Applies the next event; events at or below the current sequence are ignored (idempotent). */
    public synchronized void apply(AlertEvent e) {
        if (mutate(e)) publish();
    }

    /**
     * Applies a whole run of events (the log at start), publishing one snapshot at the end.
     *
     * @param source calls its argument once per event, in sequence order
     */
    public synchronized void rebuild(Consumer<Consumer<AlertEvent>> source) {
        source.accept(this::mutate);
        publish();
    }

    private boolean mutate(AlertEvent e) {
        if (e.seq() <= seq) return false;
        seq = e.seq();
        Alert a = e.alert();
        Map<String, Instant> old = since.getOrDefault(a.id(), Map.of());
        if (e.kind().ends() || !a.active()) {
            alerts.remove(a.id());
            since.remove(a.id());
        } else {
            Map<String, Instant> zs = new LinkedHashMap<>();
            Instant start = e.kind() == EventKind.ISSUED ? a.issuedAt() : e.at();
            for (String z : a.zones()) zs.put(z, old.getOrDefault(z, start));
            alerts.put(a.id(), a);
            since.put(a.id(), Map.copyOf(zs));
        }
        return true;
    }

    private void publish() {
        snapshot = new Snapshot(seq, Map.copyOf(alerts), Map.copyOf(since), index(since));
    }

    /** zone id → ids of alerts targeting that zone itself or a zone below it. */
    private Map<String, Set<String>> index(Map<String, Map<String, Instant>> since) {
        Map<String, Set<String>> touched = new HashMap<>();
        since.forEach((alertId, zs) -> {
            for (String zid : zs.keySet()) {
                for (Zone z = zones.get(zid).orElse(null); z != null; z = z.parent()) {
                    touched.computeIfAbsent(z.id(), k -> new HashSet<>()).add(alertId);
                }
            }
        });
        return touched;
    }

    /**
     * The state as of event {@code seq}.
     *
     * @param alerts active alerts by id
     * @param since alert id → (target zone → since when that alert covers it)
     * @param touched zone id → alerts on it or on a zone inside it
     */
    public record Snapshot(
            long seq,
            Map<String, Alert> alerts,
            Map<String, Map<String, Instant>> since,
            Map<String, Set<String>> touched) {

        /** The status of one zone: alerts on it or on any zone containing it, and alerts inside it; drills included. */
        public ZoneStatus status(Zone zone) {
            return status(zone, true);
        }

        /**
         * The status of one zone; without {@code drills}, exercise and test alerts are left out, so a drill
         * never makes a zone look alerted to the public or to a subscriber that did not opt in.
         */
        public ZoneStatus status(Zone zone, boolean drills) {
            List<ZoneStatus.Covering> covering = new ArrayList<>();
            for (Zone z = zone; z != null; z = z.parent()) {
                for (String alertId : touched.getOrDefault(z.id(), Set.of())) {
                    Instant t = since.get(alertId).get(z.id());
                    if (t != null && counts(alertId, drills))
                        covering.add(new ZoneStatus.Covering(alerts.get(alertId), z.id(), t));
                }
            }
            covering.sort((x, y) -> x.since().compareTo(y.since()));
            int inside = 0;
            for (String alertId : touched.getOrDefault(zone.id(), Set.of())) {
                if (!since.get(alertId).containsKey(zone.id()) && counts(alertId, drills)) inside++;
            }
            return ZoneStatus.of(zone, covering, covering.isEmpty() ? inside : 0);
        }

        private boolean counts(String alertId, boolean drills) {
            return drills || alerts.get(alertId).status() == AlertStatus.ACTUAL;
        }
    }
}
