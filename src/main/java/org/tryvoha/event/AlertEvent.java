package org.tryvoha.event;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the event log: immutable, numbered by the store with a gap-free sequence.
 *
 * @param seq position in the log, 1, 2, 3, ... assigned when the event is committed
 * @param kind what happened
 * @param at when the event was committed (UTC)
 * @param alert the alert as it stands after this event
 * @param previousZones for {@code updated}: the zones before the change (so subscribers of zones
 *     that were dropped learn that they are clear); otherwise empty
 */
public record AlertEvent(long seq, EventKind kind, Instant at, Alert alert, List<String> previousZones) {
    public AlertEvent {
        previousZones = previousZones == null ? List.of() : List.copyOf(previousZones);
    }
}
