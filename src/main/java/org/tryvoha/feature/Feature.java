package org.tryvoha.feature;

import org.tryvoha.event.EncodedEvent;

/**
 * One capability of the server as the composition root sees it: the routes it serves, what it
 * does with each committed event, and how it stops. The root builds every feature once, in one
 * ordered list, and calls these methods in that order.
 *
 * <p>Threads: {@link #mount} runs once per event loop, on that loop, while the server starts;
 * {@link #onEvent} runs on the bus's delivering thread, once per event, in sequence order, after
 * the node's zone state has applied the event and the fan-out has encoded it — it must not block
 * (queue the work) and must not throw; {@link #close} runs once at shutdown, in reverse order,
 * before Vert.x and the store close.
 */
public interface Feature {
    /** Adds this feature's routes to one event loop's router. */
    default void mount(Routes routes) {}

    /** Hears of a committed event (delivery channels queue it; the rest ignore it). */
    default void onEvent(EncodedEvent event) {}

    /** Stops whatever the feature started (connections, timers, retries). */
    default void close() {}
}
