package org.tryvoha.bus;

import java.util.function.Consumer;
import org.tryvoha.alert.AlertEvent;

/**
 * Carries committed events to every node's zone state and fan-out.
 *
 * <p>Delivery: every published event reaches every handler on every node, the publishing node
 * included (one code path for one node and for a cluster). Each handler sees events in sequence
 * order, one at a time, on the bus's own delivery thread, with no gap and no duplicate.
 *
 * <p>Only committed events may be published: the store is the system of record, the bus is how
 * nodes learn of it. Thread-safety: {@link #publish} may be called from any thread, but callers
 * must publish in sequence order (the store's single writer does).
 */
public interface EventBus extends AutoCloseable {

  /** Publishes a committed event; may block briefly when the delivery queue is full. */
  void publish(AlertEvent event);

  /** Registers a handler for every event published from now on. Register before publishing. */
  void subscribe(Consumer<AlertEvent> handler);

  @Override
  void close();
}
