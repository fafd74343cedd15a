package org.tryvoha.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.event.EventLog;
import org.tryvoha.json.Json;

/**
 * What every {@link EventBus} promises, written once: every published event reaches every handler
 * on every node, the publishing node included, in sequence order, once; a handler that throws harms
 * no other; a handler gets what is published after it subscribed; a closed bus refuses to publish.
 *
 * <p>An implementation's test extends this class and says how to open one node of a cluster. The
 * events are committed to {@link #log} first (only committed events may be published), so a bus that
 * fills gaps from the event log reads them from there. Delivery may be asynchronous: the suite waits
 * up to {@link #WAIT} for what must arrive, then watches for {@link #settle()} more for anything that
 * must not (a duplicate, an event from before a subscription).
 */
public abstract class EventBusContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    /** The committed events of this test, shared by all its nodes. */
    protected final MemoryEventLog log = new MemoryEventLog();

    private final List<EventBus> nodes = new ArrayList<>();

    /** Opens a bus as one more node of this test's cluster; a bus that fills gaps reads {@code log}. */
    protected abstract EventBus openNode(String name, EventLog log);

    /** How many nodes can share events: 1 for an in-process bus. */
    protected abstract int maxNodes();

    /** How long to keep watching, once everything expected arrived, for something that must not. */
    protected abstract Duration settle();

    /** Runs after every node of the test is closed (to drop what the test created outside). */
    protected void afterNodesClosed() {}

    @AfterEach
    final void closeNodes() {
        nodes.forEach(EventBus::close);
        afterNodesClosed();
    }

    protected final EventBus node(String name) {
        EventBus bus = openNode(name, log);
        nodes.add(bus);
        return bus;
    }

    /** As many nodes as the bus can share events between, up to {@code wanted}. */
    private List<EventBus> cluster(int wanted) {
        List<EventBus> cluster = new ArrayList<>();
        for (int i = 0; i < Math.min(wanted, maxNodes()); i++) cluster.add(node("node" + i));
        return cluster;
    }

    // ---- fixtures

    /** Commits the next event: an issue, and every fourth an update with an area and the zones before. */
    protected final AlertEvent commit() {
        return log.commit(EventBusContract::event);
    }

    private static AlertEvent event(long seq) {
        Instant at = T0.plusMillis(seq);
        boolean update = seq % 4 == 0;
        Alert a = new Alert(
                "a" + seq,
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("UA63000000000041885"),
                update
                        ? Json.MAPPER
                                .createObjectNode()
                                .put("type", "Point")
                                .set(
                                        "coordinates",
                                        Json.MAPPER.createArrayNode().add(36.23).add(49.99))
                        : null,
                Map.of("uk", "Повітряна тривога", "en", "Air raid alert"),
                "op-kharkiv",
                at,
                at.plusSeconds(3600),
                at,
                null,
                true);
        return new AlertEvent(
                seq,
                update ? EventKind.UPDATED : EventKind.ISSUED,
                at,
                a,
                update ? List.of("UA63000000000041885", "UA63120000000022847") : List.of());
    }

    /** A handler that records what it is given, and how many calls were ever inside it at once. */
    protected static final class Seen implements Consumer<AlertEvent> {
        private final List<AlertEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public void accept(AlertEvent e) {
            mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                events.add(e);
            } finally {
                inside.decrementAndGet();
            }
        }

        public List<AlertEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        public List<Long> seqs() {
            return events().stream().map(AlertEvent::seq).toList();
        }

        public int mostAtOnce() {
            return mostAtOnce.get();
        }
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** Waits until each handler has {@code expected.size()} events, then {@link #settle()}, then checks them. */
    private void assertEachSawExactly(List<Long> expected, List<Seen> handlers) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (handlers.stream().anyMatch(s -> s.events().size() < expected.size()) && System.nanoTime() < end)
            Thread.sleep(10);
        Thread.sleep(settle().toMillis());
        for (int i = 0; i < handlers.size(); i++) {
            assertThat(handlers.get(i).seqs())
                    .as("handler %d of %d, within %s", i + 1, handlers.size(), WAIT)
                    .containsExactlyElementsOf(expected);
        }
    }

    // ---- the contract

    @Test
    void everyHandlerOnEveryNodeThePublisherIncludedGetsEveryEventOnceInSequenceOrder() throws Exception {
        List<EventBus> cluster = cluster(2);
        List<Seen> handlers = new ArrayList<>();
        for (EventBus bus : cluster) {
            for (int h = 0; h < 2; h++) {
                Seen seen = new Seen();
                bus.subscribe(seen);
                handlers.add(seen);
            }
        }
        int n = 100;
        for (int i = 0; i < n; i++) cluster.get(i % cluster.size()).publish(commit());
        assertEachSawExactly(range(1, n), handlers);
    }

    @Test
    void whatArrivesIsWhatWasPublished() throws Exception {
        List<EventBus> cluster = cluster(2);
        List<Seen> handlers = new ArrayList<>();
        for (EventBus bus : cluster) {
            Seen seen = new Seen();
            bus.subscribe(seen);
            handlers.add(seen);
        }
        List<AlertEvent> published = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AlertEvent e = commit();
            published.add(e);
            cluster.getFirst().publish(e);
        }
        assertEachSawExactly(range(1, 8), handlers);
        for (Seen seen : handlers) assertThat(seen.events()).containsExactlyElementsOf(published);
    }

    @Test
    void aHandlerThatThrowsStarvesNeitherTheOtherHandlersNorLaterEventsNorThePublisher() throws Exception {
        EventBus bus = node("node0");
        Seen broken = new Seen();
        Seen healthy = new Seen();
        bus.subscribe(e -> {
            broken.accept(e);
            throw new IllegalStateException("broken consumer of event " + e.seq());
        });
        bus.subscribe(healthy);
        for (int i = 0; i < 5; i++) assertThatCode(() -> bus.publish(commit())).doesNotThrowAnyException();
        assertEachSawExactly(range(1, 5), List.of(broken, healthy));
    }

    @Test
    void aHandlerGetsTheEventsPublishedAfterItSubscribed() throws Exception {
        EventBus bus = node("node0");
        Seen early = new Seen();
        bus.subscribe(early);
        for (int i = 0; i < 3; i++) bus.publish(commit());
        assertEachSawExactly(range(1, 3), List.of(early));

        Seen late = new Seen();
        bus.subscribe(late);
        for (int i = 0; i < 3; i++) bus.publish(commit());
        assertEachSawExactly(range(1, 6), List.of(early));
        assertEachSawExactly(range(4, 6), List.of(late));
    }

    @Test
    void publishesFromSeveralThreadsInSequenceOrderReachEachHandlerInThatOrderOneAtATime() throws Exception {
        EventBus bus = node("node0");
        Seen first = new Seen();
        Seen second = new Seen();
        bus.subscribe(first);
        bus.subscribe(second);
        int n = 400;
        // like the store's writer: whichever thread commits an event publishes it, in commit order
        ReentrantLock writer = new ReentrantLock();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    writer.lock();
                    try {
                        if (log.lastSeq() == n) return;
                        bus.publish(commit());
                    } finally {
                        writer.unlock();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEachSawExactly(range(1, n), List.of(first, second));
        assertThat(first.mostAtOnce())
                .as("calls inside the first handler at once")
                .isEqualTo(1);
        assertThat(second.mostAtOnce())
                .as("calls inside the second handler at once")
                .isEqualTo(1);
    }

    @Test
    void aClosedBusRefusesToPublishAndDeliversNothingMore() throws Exception {
        EventBus bus = node("node0");
        Seen seen = new Seen();
        bus.subscribe(seen);
        bus.publish(commit());
        assertEachSawExactly(range(1, 1), List.of(seen));
        bus.close();
        AlertEvent after = commit();
        assertThatThrownBy(() -> bus.publish(after))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertEachSawExactly(range(1, 1), List.of(seen));
    }

    @Test
    void closingTwiceIsHarmless() {
        EventBus bus = node("node0");
        bus.close();
        assertThatCode(bus::close).doesNotThrowAnyException();
    }
}
