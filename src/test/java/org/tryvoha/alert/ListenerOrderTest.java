package org.tryvoha.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * A caller's listener (the HTTP answer) runs outside the service's lock and before its event is
 * published (the fan-out), however many callers commit at once; events still reach the bus once
 * each, in sequence order, and a call returns only after its own event is out.
 */
class ListenerOrderTest {
    @TempDir
    Path dir;

    @Test
    void listenersRunOutsideTheLockAndBeforeTheirEventIsPublished() throws Exception {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        List<String> violations = new ArrayList<>();
        try (SqliteAlertStore store = SqliteAlertStore.open(dir);
                LocalEventBus bus = new LocalEventBus()) {
            ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
            bus.subscribe(e -> {
                published.add(e.seq());
                log.add("P" + e.seq());
            });
            AlertService service = new AlertService(store, bus, Clock.systemUTC());
            Consumer<AlertEvent> listener = e -> {
                if (Thread.holdsLock(service)) violations.add("listener of " + e.seq() + " ran under the lock");
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000)); // a slow answer
                log.add("L" + e.seq());
            };
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        String id = "t" + thread + "-" + i;
                        AlertEvent raised = service.raise(request(), "op", id, listener);
                        synchronized (violations) {
                            if (!published.contains(raised.seq()))
                                violations.add("raise " + raised.seq() + " returned unpublished");
                        }
                        AlertEvent cancelled = service.cancel(id, "op", listener);
                        synchronized (violations) {
                            if (!published.contains(cancelled.seq()))
                                violations.add("cancel " + cancelled.seq() + " returned unpublished");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
            callers.shutdown();

            int events = 8 * 15 * 2;
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= events; s++) expected.add(s);
            assertThat(published).containsExactlyElementsOf(expected); // once each, in sequence order
            Map<String, Integer> at = new HashMap<>();
            int i = 0;
            for (String entry : log) at.put(entry, i++);
            for (long s = 1; s <= events; s++) {
                assertThat(at).containsKeys("L" + s, "P" + s);
                assertThat(at.get("L" + s))
                        .as("the listener of event %d ran before its publication", s)
                        .isLessThan(at.get("P" + s));
            }
            assertThat(violations).isEmpty();
        }
    }

    private static AlertRequest request() {
        return new AlertRequest(
                AlertType.AIR_RAID, AlertStatus.ACTUAL, List.of("UA-63"), null, Map.of("uk", "Тривога"), null, false);
    }
}
