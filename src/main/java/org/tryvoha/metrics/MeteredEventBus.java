package org.tryvoha.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.tryvoha.bus.EventBus;
import org.tryvoha.event.AlertEvent;

/** Counts and times what passes through a bus; delivery order and threads are the inner bus's. */
final class MeteredEventBus implements EventBus {
    private final EventBus inner;
    private final Metrics m;

    MeteredEventBus(EventBus inner, Metrics m) {
        this.inner = inner;
        this.m = m;
    }

    @Override
    public void publish(AlertEvent event) {
        m.written.increment();
        inner.publish(event);
    }

    @Override
    public void subscribe(Consumer<AlertEvent> handler) {
        inner.subscribe(e -> {
            m.busLag.record(lag(e));
            handler.accept(e);
            m.deliveryLag.record(lag(e));
            m.delivered.increment();
        });
    }

    private static Duration lag(AlertEvent e) {
        Duration d = Duration.between(e.at(), Instant.now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public void close() {
        inner.close();
    }
}
