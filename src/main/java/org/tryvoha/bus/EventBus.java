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
 * bus on its own delivery thread. Handlers must not block and must not publish.
 *
 * <p>Only committed events may be published: the store is the system of record, the bus is how
 * nodes learn of it. Thread-safety: {@link #publish} may be called from any thread, but callers
 * must publish in sequence order (the store's single writer does).
 */
public interface EventBus extends AutoCloseable {

  /**
   * Publishes a committed event; returns once the handlers have had it (in-process bus) or once it
   * is queued for the cluster (NATS).
   */
  void publish(AlertEvent event);

  /** Registers a handler for every event published from now on. Register before publishing. */
  void subscribe(Consumer<AlertEvent> handler);

  @Override
  void close();
}
