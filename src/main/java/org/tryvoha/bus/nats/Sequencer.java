package org.tryvoha.bus.nats;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventLog;

/**
 * Turns events that arrive in any order, twice, or not at all into the exact log order: each
 * sequence number is handed to {@code sink} once, in order, with gaps filled from the store.
 *
 * <p>Confined to one thread (the bus's delivery thread). A store read that fails throws; nothing is
 * lost: events that arrived early are held (a bounded number; beyond it they are dropped and read
 * from the store later) and the next call tries again.
 */
final class Sequencer {
    static final int MAX_HELD = 100_000;

    private final EventLog store;
    private final Consumer<AlertEvent> sink;
    private final TreeMap<Long, AlertEvent> held = new TreeMap<>();
    private volatile long applied;
    private volatile long filled;
    private volatile long dropped;

    Sequencer(EventLog store, long applied, Consumer<AlertEvent> sink) {
        this.store = store;
        this.applied = applied;
        this.sink = sink;
    }

    long applied() {
        return applied;
    }

    long filled() {
        return filled;
    }

    long dropped() {
        return dropped;
    }

    /** An event from the stream. */
    void offer(AlertEvent e) {
        if (e.seq() <= applied || held.containsKey(e.seq())) {
            dropped++;
            return;
        }
        if (held.size() < MAX_HELD) held.put(e.seq(), e);
        drain();
    }

    /** Reads from the store whatever it has beyond {@code applied}. */
    void repair() {
        long head = store.lastSeq();
        if (head > applied) fillUpTo(head);
        drain();
    }

    private void drain() {
        while (!held.isEmpty()) {
            long first = held.firstKey();
            if (first <= applied) {
                held.pollFirstEntry();
                dropped++;
            } else if (first == applied + 1) {
                deliver(held.pollFirstEntry().getValue());
            } else {
                fillUpTo(first - 1); // committed, since a later event is visible
            }
        }
    }

    private void fillUpTo(long last) {
        while (applied < last) {
            List<AlertEvent> batch = store.events(applied, (int) Math.min(NatsEventBus.STORE_BATCH, last - applied));
            if (batch.isEmpty()) {
                throw new IllegalStateException(
                        "the store has no event after " + applied + " although " + last + " was seen");
            }
            for (AlertEvent e : batch) {
                if (e.seq() != applied + 1)
                    throw new IllegalStateException("the store returned event " + e.seq() + " after " + applied);
                filled++;
                deliver(held.containsKey(e.seq()) ? held.remove(e.seq()) : e);
            }
        }
    }

    private void deliver(AlertEvent e) {
        sink.accept(e);
        applied = e.seq();
    }
}
