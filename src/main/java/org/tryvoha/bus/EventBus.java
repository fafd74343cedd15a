package org.tryvoha.bus;

import java.util.function.Consumer;
import org.tryvoha.event.AlertEvent;

/**
 * Carries committed events to every node's zone state and fan-out.
 *
 * <p>Delivery: every published event reaches every handler on every node, the publishing node
 * included (one code path for one node and for a cluster). Each handler sees events in sequence
 * order, one at a time, with no gap and no duplicate, on a thread the bus chooses: the in-process
 * bus runs handlers on the publishing thread before {@code publish} returns (no hand-off), the NATS
 * bus on its own delivery thread, filling from the event log any event whose message was lost. A
 * handler that throws is logged and skipped: the other handlers, and later events, still arrive, and
 * {@code publish} does not fail because of it. Handlers must not block and must not publish.
 *
 * <p>Only committed events may be published: the store is the system of record, the bus is how
 * nodes learn of it.
 *
 * <p>Thread-safety: {@link #publish} and {@link #subscribe} may be called from any thread, but
 * callers must publish in sequence order (the store's single writer does). The test suite
 * {@code EventBusContract} checks every implementation against this contract.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Publishes a committed event; returns once the handlers have had it (in-process bus) or once it
     * is queued for the cluster (NATS).
     *
     * @throws IllegalStateException once the bus is closed
     */
    void publish(AlertEvent event);

    /**
     * Registers a handler for every event published after this call returns (an event published
     * before may or may not reach it). Register before publishing.
     */
    void subscribe(Consumer<AlertEvent> handler);

    /** Stops delivery and refuses further publishes; closing again does nothing. */
    @Override
    void close();
}
