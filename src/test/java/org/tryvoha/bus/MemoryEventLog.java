package org.tryvoha.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventLog;

/**
 * A committed event log in memory, for bus tests: {@link #commit} numbers events 1, 2, 3, ... the
 * way the store does, and buses that fill gaps read them back. Thread-safe.
 */
public final class MemoryEventLog implements EventLog {
    private final List<AlertEvent> events = new ArrayList<>();

    /** Commits the event {@code make} builds for the next sequence number, and returns it. */
    public synchronized AlertEvent commit(LongFunction<AlertEvent> make) {
        AlertEvent e = make.apply(events.size() + 1L);
        if (e.seq() != events.size() + 1L)
            throw new IllegalArgumentException("event " + e.seq() + " is not the next, " + (events.size() + 1));
        events.add(e);
        return e;
    }

    @Override
    public synchronized long lastSeq() {
        return events.size();
    }

    @Override
    public synchronized List<AlertEvent> events(long afterSeq, int limit) {
        int from = (int) Math.min(Math.max(afterSeq, 0), events.size());
        return List.copyOf(events.subList(from, Math.min(events.size(), from + limit)));
    }

    @Override
    public void forEachEvent(long afterSeq, Consumer<AlertEvent> sink) {
        events(afterSeq, Integer.MAX_VALUE).forEach(sink);
    }
}
