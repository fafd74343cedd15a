package org.tryvoha.bus.local;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.bus.EventBus;

/** The in-process bus: one delivery thread fed by a bounded queue (a full queue makes publish wait). */
public final class LocalEventBus implements EventBus {
  private static final Logger log = LoggerFactory.getLogger(LocalEventBus.class);
  static final int QUEUE_CAPACITY = 65_536;

  private final BlockingQueue<AlertEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final List<Consumer<AlertEvent>> handlers = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  public LocalEventBus() {
    thread = Thread.ofPlatform().name("tryvoha-bus").daemon().start(this::run);
  }

  @Override
  public void publish(AlertEvent event) {
    if (closed) throw new IllegalStateException("event bus is closed");
    try {
      queue.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing event " + event.seq(), e);
    }
  }

  @Override
  public void subscribe(Consumer<AlertEvent> handler) {
    handlers.add(handler);
  }

  private void run() {
    while (!closed) {
      AlertEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      for (Consumer<AlertEvent> h : handlers) {
        try {
          h.accept(event);
        } catch (RuntimeException e) {
          // one broken consumer must not starve the others of later events
          log.error("event handler failed on event {}", event.seq(), e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
