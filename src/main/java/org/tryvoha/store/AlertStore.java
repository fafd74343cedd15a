package org.tryvoha.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * What the store remembers of these external messages ({@link Receipt}): for each one that changed
     * an alert, the alert, the event it produced and when it was sent, with the newest {@code sent} of
     * any message applied to that alert. Messages never applied are absent. One query.
     */
    Map<MessageId, Applied> applied(Collection<MessageId> messages);

    /** Alerts not yet cancelled or expired, oldest first. */
    List<StoredAlert> active();

    /** Alerts, newest issued first, filtered and paged; see {@link HistoryQuery}. */
    HistoryPage history(HistoryQuery query);

    /** The same database, for the tables of other features (see {@link Sql}). */
    Sql sql();

    @Override
    void close();

    /**
     * One change for {@link #appendAll}; the parameters mean what they mean for {@link #append}. A
     * change made for an external message carries its {@link Receipt} (else null), which is written in
     * the same transaction; the whole call is refused with {@link MessageRefusedException} (nothing
     * written, no number burnt) when that message was applied before, or when a message sent later
     * than it was already applied to the same alert.
     */
    record Change(
            EventKind kind, Alert alert, List<String> previousZones, Instant at, long expectedSeq, Receipt receipt) {
        public Change(EventKind kind, Alert alert, List<String> previousZones, Instant at, long expectedSeq) {
            this(kind, alert, previousZones, at, expectedSeq, null);
        }

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

    /** An external message's identity: who sent it ({@code origin}; CAP: sender) and its id (CAP: identifier). */
    record MessageId(String origin, String id) {
        public MessageId {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(id, "id");
        }
    }

    /** The external message a change applies, and when its sender sent it (orders messages of one alert). */
    record Receipt(MessageId message, Instant sent) {
        public Receipt {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(sent, "sent");
        }
    }

    /**
     * A message that was applied: the alert it changed, the sequence number of the event it produced,
     * its {@code sent}, and the newest {@code sent} among all messages applied to that alert.
     */
    record Applied(MessageId message, String alertId, long seq, Instant sent, Instant newestSent) {}

    /**
     * Thrown by an append whose {@link Receipt} cannot be applied; nothing was written. Either the
     * message was applied before ({@link #applied} is that earlier application), or a message sent
     * after it was already applied to the same alert ({@link #newestSent}).
     */
    final class MessageRefusedException extends RuntimeException {
        public final Receipt receipt;
        /** The earlier application of the same message, or null when the message is stale. */
        public final Applied applied;
        /** For a stale message: the newest {@code sent} applied to the alert. */
        public final Instant newestSent;

        public MessageRefusedException(Receipt receipt, Applied applied, Instant newestSent) {
            super(
                    applied != null
                            ? "message " + receipt.message().origin() + ","
                                    + receipt.message().id() + " was already applied as event " + applied.seq()
                            : "message " + receipt.message().origin() + ","
                                    + receipt.message().id() + " sent "
                                    + receipt.sent() + " is older than " + newestSent
                                    + ", the newest message applied to its alert");
            this.receipt = receipt;
            this.applied = applied;
            this.newestSent = newestSent;
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
