package org.tryvoha.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.event.EventLog;

/**
 * The system of record: the append-only event log and the alerts derived from it.
 *
 * <p>Ordering and durability: {@link #append} assigns the next sequence number (1, 2, 3, ... with no
 * gap, even when a transaction fails) and returns only after the event is durably committed; an
 * event that was returned is never lost and never renumbered. Reads see every committed event.
 * In particular, once an event is visible to a reader every event with a smaller number is
 * visible too (the cluster bus relies on this to fill a gap from the store).
 *
 * <p>Thread-safety: every method may be called from any thread; appends are serialised by the store.
 * All methods block (JDBC): never call them on an event-loop thread.
 */
public interface AlertStore extends EventLog, AutoCloseable {

    /**
     * Appends one event and updates the alert's row in the same transaction.
     *
     * @param expectedSeq the sequence number of the alert's latest event as the caller saw it, or 0
     *     for a new alert; when it no longer matches, nothing is written and {@link
     *     ConcurrentChangeException} is thrown (two writers changed the same alert)
     * @return the committed event with its sequence number
     */
    AlertEvent append(EventKind kind, Alert alert, List<String> previousZones, Instant at, long expectedSeq);

    /**
     * Appends several events, each with its alert row, in ONE transaction (one durable commit): the
     * events get consecutive sequence numbers in list order. All or nothing: when any change's
     * {@code expectedSeq} no longer matches, or the write fails, nothing is written, no number is
     * burnt, and the exception says which alert conflicted ({@link ConcurrentChangeException#alertId}).
     * Each alert may appear at most once (its expected version after an earlier change in the same
     * call would be unknown to the caller).
     *
     * @return the committed events, in the order of {@code changes}
     */
    List<AlertEvent> appendAll(List<Change> changes);

    /** The alert as it stands now, with the sequence number of its latest event. */
    Optional<StoredAlert> alert(String id);

    /** Alerts not yet cancelled or expired, oldest first. */
    List<StoredAlert> active();

    /** Alerts, newest issued first, filtered and paged; see {@link HistoryQuery}. */
    HistoryPage history(HistoryQuery query);

    /** The same database, for the tables of other features (see {@link Sql}). */
    Sql sql();

    @Override
    void close();

    /** One change for {@link #appendAll}; the parameters mean what they mean for {@link #append}. */
    record Change(EventKind kind, Alert alert, List<String> previousZones, Instant at, long expectedSeq) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(alert.id(), "alert.id");
            Objects.requireNonNull(at, "at");
            if (expectedSeq < 0) throw new IllegalArgumentException("expectedSeq must be >= 0, was " + expectedSeq);
        }

        /** Checks that no alert appears twice in {@code changes}. */
        public static void checkDistinct(List<Change> changes) {
            Set<String> ids = new HashSet<>();
            for (Change c : changes) {
                if (!ids.add(c.alert().id()))
                    throw new IllegalArgumentException("alert " + c.alert().id() + " appears twice in one appendAll");
            }
        }
    }

    /** An alert and the sequence number of its latest event (its version). */
    record StoredAlert(Alert alert, long seq) {}

    /** Thrown by {@link #append} when the alert changed since the caller read it. */
    final class ConcurrentChangeException extends RuntimeException {
        /** The alert that changed. */
        public final String alertId;

        public ConcurrentChangeException(String alertId, long expected, long actual) {
            super("alert " + alertId + " changed concurrently: expected version " + expected + ", found " + actual);
            this.alertId = alertId;
        }
    }

    /** The store cannot be used (unreachable, corrupt, schema newer than this code). */
    final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
