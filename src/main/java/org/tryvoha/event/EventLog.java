package org.tryvoha.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * The committed event log, read-only: what replay (a subscriber resuming from a sequence number)
 * and gap-filling (a bus that missed a message) need, and no more.
 *
 * <p>Events come in sequence order, gap-free: every number from 1 to {@link #lastSeq()} is one
 * committed event. An event, once visible here, never changes. Implementations are thread-safe;
 * every method blocks (a database read): call from a worker thread, never an event loop.
 */
public interface EventLog {
    /** The sequence number of the last committed event, 0 when the log is empty. */
    long lastSeq();

    /** Up to {@code limit} events with a sequence number greater than {@code afterSeq}, in order. */
    List<AlertEvent> events(long afterSeq, int limit);

    /** Calls {@code sink} for every event after {@code afterSeq}, in order, streaming (for rebuilds). */
    void forEachEvent(long afterSeq, Consumer<AlertEvent> sink);
}
