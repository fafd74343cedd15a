package org.tryvoha.bus.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;

/**
 * What only the in-process bus does: each handler has the event on the publishing thread before
 * publish returns, and one event at a time even when threads publish at once. What every bus
 * promises is in {@link org.tryvoha.bus.EventBusContract} ({@link LocalEventBusContractTest}).
 */
class LocalEventBusTest {

    static AlertEvent event(long seq) {
        Instant at = Instant.parse("2026-11-24T00:00:00Z").plusMillis(seq);
        Alert a = new Alert(
                "a" + seq,
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("UA63000000000041885"),
                null,
                Map.of("uk", "Тривога"),
                "admin",
                at,
                null,
                at,
                null,
                true);
        return new AlertEvent(seq, EventKind.ISSUED, at, a, List.of());
    }

    @Test
    void everyHandlerHasTheEventOnThePublishingThreadBeforePublishReturns() {
        try (LocalEventBus bus = new LocalEventBus()) {
            List<String> seen = new ArrayList<>();
            bus.subscribe(e ->
                    seen.add("first " + e.seq() + " " + Thread.currentThread().getName()));
            bus.subscribe(e ->
                    seen.add("second " + e.seq() + " " + Thread.currentThread().getName()));
            String me = Thread.currentThread().getName();
            bus.publish(event(1));
            assertThat(seen).containsExactly("first 1 " + me, "second 1 " + me);
        }
    }

    @Test
    void handlersSeeOneEventAtATimeEvenWhenThreadsPublishAtOnce() throws Exception {
        try (LocalEventBus bus = new LocalEventBus()) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            bus.subscribe(e -> {
                int now = inside.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                Thread.onSpinWait();
                seen.add(e.seq());
                inside.decrementAndGet();
            });
            int threads = 4, each = 2000;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * (long) each;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 1; i <= each; i++) bus.publish(event(base + i));
                }));
            }
            go.countDown();
            for (Thread t : ts) t.join();
            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(seen).hasSize(threads * each).doesNotHaveDuplicates();
        }
    }
}
