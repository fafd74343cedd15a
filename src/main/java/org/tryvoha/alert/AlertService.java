package org.tryvoha.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.bus.EventBus;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * Raises, updates, cancels and expires alerts: checks the change against the alert's current
 * state, commits it to the store, and only then publishes it on the bus.
 *
 * <p>Blocking (it waits for the durable commit): call from a worker thread, never an event loop.
 * Changes are serialised (commit under this service's lock); their events are queued in commit
 * order and published after the lock is released, one publisher at a time, so they reach the bus
 * in sequence order, once each, and the next change's commit does not wait for this one's
 * handlers. A method returns once its own events are published.
 *
 * <p>A caller may pass a {@code listener}: it is called with the event once it is durable, after
 * this service's lock is released and before the event is published, so a request's answer can be
 * queued on its event loop ahead of the fan-out that the publication queues there. The publisher
 * stops at an event whose listener has not run yet; that event's committing thread publishes it (and
 * what follows) once the listener returns. A listener may run on another caller's thread (the one
 * that committed a group of raises); it must be quick and must not block, and what it throws is
 * logged. Null for none.
 */
public final class AlertService {
    private static final Logger log = LoggerFactory.getLogger(AlertService.class);

    private final AlertStore store;
    private final EventBus bus;
    /**
     * Committed events not yet published, in commit (= sequence) order: added under this service's
     * lock, polled without it, so a thread publishing never waits for the next change's commit (it
     * did, spinning on the lock for the length of an fsync, when each POST followed the last one's
     * answer at once).
     */
    private final ConcurrentLinkedQueue<Queued> unpublished = new ConcurrentLinkedQueue<>();
    /** Held while publishing; taken only outside this service's lock. */
    private final ReentrantLock publishing = new ReentrantLock();
    /** Signalled (under {@link #publishing}) whenever queued events were published or a publisher stopped. */
    private final Condition progressed = publishing.newCondition();

    private final Clock clock;

    public AlertService(AlertStore store, EventBus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Raises with a caller-chosen id (CAP import: derived from the CAP sender and identifier); 409 when
     * it exists. {@code listener} (or null) is called between the commit and the publication.
     *
     * <p>Group commit: a raise queues itself, then takes this service's lock; whoever holds the lock
     * commits every raise queued by then (up to {@link #MAX_GROUP}) in one store transaction, one
     * durable commit for all. A raise whose turn comes after another thread committed it finds its
     * event (or its error) ready. Several operators raising at once (a burst across raions) so share
     * one {@code fsync} instead of queuing for one each. One raise's conflict (its id exists) fails
     * that raise only.
     */
    public AlertEvent raise(AlertRequest r, String sender, String id, Consumer<AlertEvent> listener) {
        return raise(r, sender, id, null, listener);
    }

    /**
     * Raises for an external message, whose {@code receipt} (or null) is committed with the event:
     * {@link AlertStore.MessageRefusedException} when that message was applied before.
     */
    public AlertEvent raise(
            AlertRequest r, String sender, String id, AlertStore.Receipt receipt, Consumer<AlertEvent> listener) {
        QueuedRaise q = new QueuedRaise(r, sender, id, receipt, listener);
        synchronized (raises) {
            raises.add(q);
        }
        List<Queued> committed = new ArrayList<>();
        try {
            synchronized (this) {
                while (q.event == null && q.error == null) commitQueuedRaises(committed);
            }
        } finally {
            release(committed, q.queued == null ? List.of() : List.of(q.queued));
        }
        if (q.error != null) throw q.error;
        return q.event;
    }

    /** The most raises one transaction commits. */
    static final int MAX_GROUP = 64;

    /** A raise waiting for its commit; its outcome is set under this service's lock. */
    private static final class QueuedRaise {
        final AlertRequest request;
        final String sender, id;
        final AlertStore.Receipt receipt;
        final Consumer<AlertEvent> listener;
        AlertEvent event;
        Queued queued;
        RuntimeException error;

        QueuedRaise(
                AlertRequest request,
                String sender,
                String id,
                AlertStore.Receipt receipt,
                Consumer<AlertEvent> listener) {
            this.request = request;
            this.sender = sender;
            this.id = id;
            this.receipt = receipt;
            this.listener = listener;
        }
    }

    /** Raises queued for a commit, oldest first; guarded by itself. */
    private final ArrayDeque<QueuedRaise> raises = new ArrayDeque<>();

    /** Raises waiting for a commit now (for tests). */
    int queuedRaises() {
        synchronized (raises) {
            return raises.size();
        }
    }

    /**
     * Under this service's lock: commits the queued raises, oldest first, at most {@link #MAX_GROUP}
     * and each alert id once (a second raise of the same id waits for the next group and then finds
     * the id taken), in one transaction. A conflict leaves the conflicting raise out with its 409 and
     * commits the rest; any other failure of a group is retried raise by raise, so each gets its own
     * outcome.
     */
    private void commitQueuedRaises(List<Queued> committed) {
        List<QueuedRaise> group = new ArrayList<>();
        synchronized (raises) {
            Set<String> ids = new HashSet<>();
            for (var it = raises.iterator(); it.hasNext() && group.size() < MAX_GROUP; ) {
                QueuedRaise q = it.next();
                if (ids.add(q.id)) {
                    group.add(q);
                    it.remove();
                }
            }
        }
        List<QueuedRaise> taken = List.copyOf(group);
        try {
            commitGroup(group, committed);
        } finally { // whatever went wrong, no raise taken from the queue is left waiting for an outcome
            for (QueuedRaise q : taken) {
                if (q.event == null && q.error == null)
                    q.error = new IllegalStateException("the raise of " + q.id + " was not committed");
            }
        }
    }

    private void commitGroup(List<QueuedRaise> group, List<Queued> committed) {
        Instant now = now();
        while (!group.isEmpty()) {
            List<AlertStore.Change> writes = new ArrayList<>(group.size());
            for (QueuedRaise q : group)
                writes.add(new AlertStore.Change(
                        EventKind.ISSUED, issued(q.request, q.sender, q.id, now), List.of(), now, 0, q.receipt));
            List<AlertEvent> events;
            try {
                events = store.appendAll(writes);
            } catch (AlertStore.ConcurrentChangeException ex) {
                QueuedRaise q = group.stream()
                        .filter(g -> g.id.equals(ex.alertId))
                        .findFirst()
                        .orElseThrow(() -> ex);
                q.error = new ProblemException(ErrorCode.CONFLICT, ex.getMessage() + "; read it again and retry");
                group.remove(q);
                continue;
            } catch (RuntimeException ex) {
                if (group.size() == 1) {
                    group.getFirst().error = ex;
                    return;
                }
                for (QueuedRaise q : group) { // each on its own, so one raise's failure is not the others'
                    try {
                        q.queued = commit(
                                EventKind.ISSUED,
                                issued(q.request, q.sender, q.id, now),
                                List.of(),
                                now,
                                0,
                                q.receipt,
                                q.listener,
                                committed);
                        q.event = q.queued.event;
                    } catch (RuntimeException one) {
                        q.error = one;
                    }
                }
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                QueuedRaise q = group.get(i);
                q.event = events.get(i);
                q.queued = queue(q.event, q.listener, committed);
            }
            return;
        }
    }

    private static Alert issued(AlertRequest r, String sender, String id, Instant now) {
        return new Alert(
                id,
                r.type(),
                r.status(),
                r.zones(),
                r.area(),
                r.message(),
                sender,
                now,
                r.expiresAt(),
                now,
                null,
                true);
    }

    /** Updates; {@code listener} (or null) is called between the commit and the publication. */
    public AlertEvent update(String id, AlertRequest r, String sender, Consumer<AlertEvent> listener) {
        return updateAt(id, ANY_VERSION, r, sender, listener);
    }

    /** {@link #update} for an external message; its {@code receipt} (or null) as for {@link #updateAt}. */
    public AlertEvent update(
            String id, AlertRequest r, String sender, AlertStore.Receipt receipt, Consumer<AlertEvent> listener) {
        return updateAt(id, ANY_VERSION, r, sender, receipt, listener);
    }

    /** For {@link #updateAt}: whatever version the alert is at. */
    private static final long ANY_VERSION = -1;

    /**
     * Updates the alert only if it is still at version {@code expectedSeq} (the sequence number of its
     * latest event): an approved held change must apply to the alert it was checked against, never to
     * one that changed meanwhile. Throws {@link AlertStore.ConcurrentChangeException} when it moved on.
     */
    public AlertEvent updateAt(
            String id, long expectedSeq, AlertRequest r, String sender, Consumer<AlertEvent> listener) {
        return updateAt(id, expectedSeq, r, sender, null, listener);
    }

    /**
     * {@link #updateAt} for an external message, whose {@code receipt} (or null) is committed with the
     * event: {@link AlertStore.MessageRefusedException} when that message was applied before, or a
     * message sent after it was applied to this alert.
     */
    public AlertEvent updateAt(
            String id,
            long expectedSeq,
            AlertRequest r,
            String sender,
            AlertStore.Receipt receipt,
            Consumer<AlertEvent> listener) {
        return published(committed -> {
            synchronized (this) {
                StoredAlert cur = activeAlert(id, "update");
                if (expectedSeq != ANY_VERSION && cur.seq() != expectedSeq)
                    throw new AlertStore.ConcurrentChangeException(id, expectedSeq, cur.seq());
                Instant now = now();
                return commit(
                                EventKind.UPDATED,
                                updated(cur.alert(), r, now),
                                cur.alert().zones(),
                                now,
                                cur.seq(),
                                receipt,
                                listener,
                                committed)
                        .event;
            }
        });
    }

    /** The alert {@code a} after the update {@code r}; 409 when it would change the status. */
    private static Alert updated(Alert a, AlertRequest r, Instant now) {
        if (r.status() != null && r.status() != a.status()) {
            throw new ProblemException(
                    ErrorCode.CONFLICT,
                    "an alert's status cannot change from " + a.status().wire() + " to "
                            + r.status().wire() + "; cancel it and raise a new one");
        }
        Map<String, String> message = new LinkedHashMap<>(a.message());
        if (r.message() != null) message.putAll(r.message());
        Instant expires = r.clearExpiry() ? null : r.expiresAt() != null ? r.expiresAt() : a.expiresAt();
        return new Alert(
                a.id(),
                r.type() != null ? r.type() : a.type(),
                a.status(),
                r.zones() != null ? r.zones() : a.zones(),
                r.zones() != null ? r.area() : a.area(),
                message,
                a.sender(),
                a.issuedAt(),
                expires,
                now,
                null,
                true);
    }

    /** Cancels; {@code listener} (or null) is called between the commit and the publication. */
    public AlertEvent cancel(String id, String sender, Consumer<AlertEvent> listener) {
        return cancel(id, sender, null, listener);
    }

    /** {@link #cancel} for an external message; its {@code receipt} (or null) as for {@link #updateAt}. */
    public AlertEvent cancel(String id, String sender, AlertStore.Receipt receipt, Consumer<AlertEvent> listener) {
        return published(committed -> {
            synchronized (this) {
                StoredAlert cur = activeAlert(id, "cancel");
                Instant now = now();
                return commit(
                                EventKind.CANCELLED,
                                cur.alert().ended(now),
                                List.of(),
                                now,
                                cur.seq(),
                                receipt,
                                listener,
                                committed)
                        .event;
            }
        });
    }

    /** Ends an alert whose expiry has passed; empty when it already ended or is not due. */
    public Optional<AlertEvent> expireIfDue(String id) {
        return published(committed -> {
            synchronized (this) {
                Instant now = now();
                return store.alert(id)
                        .filter(s -> s.alert().active()
                                && s.alert().expiresAt() != null
                                && !s.alert().expiresAt().isAfter(now))
                        .map(s -> commit(
                                        EventKind.EXPIRED,
                                        s.alert().ended(now),
                                        List.of(),
                                        now,
                                        s.seq(),
                                        null,
                                        null,
                                        committed)
                                .event);
            }
        });
    }

    /**
     * One change for {@link #applyAll}: raise an alert with a caller-chosen id, or update or cancel an
     * alert at the version the caller already holds (so it is not read back first).
     */
    public sealed interface Change permits Raise, Update, Cancel {
        String id();
    }

    public record Raise(String id, AlertRequest request) implements Change {}

    public record Update(StoredAlert current, AlertRequest request) implements Change {
        @Override
        public String id() {
            return current.alert().id();
        }
    }

    public record Cancel(StoredAlert current) implements Change {
        @Override
        public String id() {
            return current.alert().id();
        }
    }

    /**
     * What became of one change: its committed event, or none and why (the alert ended elsewhere, or
     * {@code forbidden}: the {@link AlertGate} refused it as outside the sender's role or scope).
     */
    public record Outcome(AlertEvent event, String refused, boolean forbidden) {
        public Outcome(AlertEvent event, String refused) {
            this(event, refused, false);
        }
    }

    /**
     * Commits all {@code changes} in ONE store transaction (one durable commit), then publishes their
     * events in order. All or nothing: when the commit fails nothing is committed nor published and
     * the exception propagates. A held version that is no longer current (someone else changed the
     * alert) is read again and the change applied on top of it, as {@link #update} and {@link
     * #cancel} would; a change to an alert that ended meanwhile, or is gone, is left out and its
     * outcome says so (where those methods answer 409 or 404). An alert may appear once.
     *
     * @return the outcomes, in the order of {@code changes}
     */
    public List<Outcome> applyAll(List<Change> changes, String sender) {
        return published(committed -> {
            synchronized (this) {
                Instant now = now();
                Change[] cur = changes.toArray(Change[]::new);
                String[] refused = new String[cur.length];
                for (int conflicts = 0; ; conflicts++) {
                    List<AlertStore.Change> writes = new ArrayList<>(cur.length);
                    List<Integer> index = new ArrayList<>(cur.length);
                    for (int i = 0; i < cur.length; i++) {
                        if (refused[i] == null) {
                            writes.add(toStore(cur[i], sender, now));
                            index.add(i);
                        }
                    }
                    List<AlertEvent> events;
                    try {
                        events = store.appendAll(writes);
                    } catch (AlertStore.ConcurrentChangeException ex) {
                        int i = indexOf(cur, ex.alertId);
                        if (i < 0 || cur[i] instanceof Raise || conflicts > cur.length) {
                            throw new ProblemException(
                                    ErrorCode.CONFLICT, ex.getMessage() + "; read it again and retry");
                        }
                        Optional<StoredAlert> fresh =
                                store.alert(ex.alertId).filter(f -> f.alert().active());
                        if (fresh.isEmpty())
                            refused[i] = "alert " + ex.alertId + " ended or was removed outside this change";
                        else
                            cur[i] = cur[i] instanceof Update u
                                    ? new Update(fresh.get(), u.request())
                                    : new Cancel(fresh.get());
                        continue;
                    }
                    for (AlertEvent e : events) queue(e, null, committed);
                    Outcome[] out = new Outcome[cur.length];
                    for (int k = 0; k < index.size(); k++) out[index.get(k)] = new Outcome(events.get(k), null);
                    for (int i = 0; i < cur.length; i++) if (out[i] == null) out[i] = new Outcome(null, refused[i]);
                    return List.of(out);
                }
            }
        });
    }

    private static int indexOf(Change[] changes, String id) {
        for (int i = 0; i < changes.length; i++) if (changes[i].id().equals(id)) return i;
        return -1;
    }

    private static AlertStore.Change toStore(Change c, String sender, Instant now) {
        return switch (c) {
            case Raise r ->
                new AlertStore.Change(EventKind.ISSUED, issued(r.request(), sender, r.id(), now), List.of(), now, 0);
            case Update u ->
                new AlertStore.Change(
                        EventKind.UPDATED,
                        updated(active(u.current()), u.request(), now),
                        u.current().alert().zones(),
                        now,
                        u.current().seq());
            case Cancel x ->
                new AlertStore.Change(
                        EventKind.CANCELLED,
                        active(x.current()).ended(now),
                        List.of(),
                        now,
                        x.current().seq());
        };
    }

    private static Alert active(StoredAlert held) {
        if (!held.alert().active()) {
            throw new ProblemException(
                    ErrorCode.CONFLICT,
                    "alert " + held.alert().id() + " already ended at "
                            + held.alert().endedAt());
        }
        return held.alert();
    }

    /**
     * Runs {@code committing} (which commits under this service's lock and queues its events in
     * {@code committed}), then {@link #release}s them; returns once they are published.
     */
    private <T> T published(Function<List<Queued>, T> committing) {
        List<Queued> committed = new ArrayList<>();
        try {
            return committing.apply(committed);
        } finally {
            release(committed, committed);
        }
    }

    /**
     * Outside this service's lock: calls the listeners of the events this thread committed, in commit
     * order, marks each ready, then publishes every queued event that is ready, in commit order, and
     * returns once {@code waitFor} are published. One publisher at a time ({@link #publishing}) polls
     * the queue; it stops at an event that is not ready yet, whose committing thread publishes it (and
     * what follows) once its listener ran, so each event is published once, in sequence order, and
     * never before its listener. A thread whose events wait behind another's waits for that thread.
     */
    private void release(List<Queued> committed, List<Queued> waitFor) {
        for (Queued q : committed) {
            try {
                if (q.listener != null) q.listener.accept(q.event);
            } catch (RuntimeException e) {
                log.error(
                        "the listener of event {} (alert {}) failed",
                        q.event.seq(),
                        q.event.alert().id(),
                        e);
            } finally {
                q.ready = true;
            }
        }
        publishing.lock();
        try {
            while (true) {
                try {
                    for (Queued q; (q = unpublished.peek()) != null && q.ready; ) {
                        unpublished.poll();
                        q.published = true; // before: a bus that throws must not leave waiters waiting
                        bus.publish(q.event);
                    }
                } finally {
                    progressed.signalAll();
                }
                if (waitFor.isEmpty() || waitFor.getLast().published)
                    return; // published in order: the last one says for all
                progressed.awaitUninterruptibly();
            }
        } finally {
            publishing.unlock();
        }
    }

    /** A committed event waiting for its publication, which comes only once its listener ran. */
    private static final class Queued {
        final AlertEvent event;
        final Consumer<AlertEvent> listener;
        volatile boolean ready;
        boolean published; // guarded by publishing

        Queued(AlertEvent event, Consumer<AlertEvent> listener) {
            this.event = event;
            this.listener = listener;
        }
    }

    /** Under this service's lock: queues a committed event for publication, in commit order. */
    private Queued queue(AlertEvent e, Consumer<AlertEvent> listener, List<Queued> committed) {
        Queued q = new Queued(e, listener);
        unpublished.add(q);
        committed.add(q);
        return q;
    }

    private StoredAlert activeAlert(String id, String action) {
        StoredAlert cur =
                store.alert(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
        if (!cur.alert().active()) {
            throw new ProblemException(
                    ErrorCode.CONFLICT,
                    "cannot " + action + " alert " + id + ": it already ended at "
                            + cur.alert().endedAt());
        }
        return cur;
    }

    private Queued commit(
            EventKind kind,
            Alert a,
            List<String> previousZones,
            Instant at,
            long expectedSeq,
            AlertStore.Receipt receipt,
            Consumer<AlertEvent> listener,
            List<Queued> committed) {
        AlertEvent e;
        try {
            e = store.appendAll(List.of(new AlertStore.Change(kind, a, previousZones, at, expectedSeq, receipt)))
                    .getFirst();
        } catch (AlertStore.ConcurrentChangeException ex) {
            throw new ProblemException(ErrorCode.CONFLICT, ex.getMessage() + "; read it again and retry");
        }
        return queue(e, listener, committed);
    }
}
