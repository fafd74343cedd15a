package org.tryvoha.bus.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.bus.EventBus;
import org.tryvoha.event.AlertEvent;

/**
 * The in-process bus: {@link #publish} hands the event to every handler on the publishing thread,
 * under one lock, and returns when they are done.
 *
 * <p>There is no delivery thread and no queue: the thread that committed the event (a worker) hands
 * it straight to the event loops, so a delivery waits for one thread wake-up (the event loop's)
 * instead of two (a bus thread's, then the event loop's); on a busy 2-core machine each wake-up could
 * wait milliseconds for a core. Sequence order, no gap and no duplicate follow from the publishers'
 * contract (committed events, published once each, in sequence order: the store's single writer);
 * the lock makes the handlers see them one at a time even if two threads publish at once. The bound
 * is the strictest one: nothing waits inside the bus, a publisher is held for as long as the
 * handlers take (state, signing, hand-off: tens of microseconds), so a burst of commits can never
 * outrun the fan-out's intake.
 *
 * <p>Handlers must not block and must not publish.
 */
public final class LocalEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(LocalEventBus.class);

    private final List<Consumer<AlertEvent>> handlers = new CopyOnWriteArrayList<>();
    private final ReentrantLock delivering = new ReentrantLock();
    private volatile boolean closed;

    @Override
    public void publish(AlertEvent event) {
        if (closed) throw new IllegalStateException("event bus is closed");
        delivering.lock();
        try {
            for (Consumer<AlertEvent> h : handlers) {
                try {
                    h.accept(event);
                } catch (RuntimeException e) {
                    // one broken consumer must not starve the others, nor fail a commit that already happened
                    log.error("event handler failed on event {}", event.seq(), e);
                }
            }
        } finally {
            delivering.unlock();
        }
    }

    @Override
    public void subscribe(Consumer<AlertEvent> handler) {
        handlers.add(handler);
    }

    @Override
    public void close() {
        closed = true;
    }
}
