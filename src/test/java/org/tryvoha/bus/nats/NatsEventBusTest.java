package org.tryvoha.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * What only the NATS bus does, against the real NATS of this machine, two buses ("nodes") on one
 * store: every handler sees every committed event once, in sequence order, whatever order,
 * duplication or loss the publishes suffer, and a node starts from the sequence its state holds.
 * What every bus promises is in {@link org.tryvoha.bus.EventBusContract} ({@link NatsEventBusContractTest}).
 */
class NatsEventBusTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private AlertStore store;
    private String url;
    private String stream;
    private final List<NatsEventBus> buses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        url = NatsTestSupport.sharedUrl();
        stream = NatsTestSupport.uniqueStream("TEST");
        store = SqliteAlertStore.open(dir);
    }

    @AfterEach
    void tearDown() {
        buses.forEach(NatsEventBus::close);
        NatsTestSupport.deleteStream(url, stream);
        store.close();
    }

    private NatsEventBus bus(String node, long applied, List<Long> seen) {
        NatsEventBus b = NatsEventBus.open(new NatsEventBus.Settings(url, stream, node), store, applied);
        b.subscribe(e -> seen.add(e.seq()));
        buses.add(b);
        return b;
    }

    private AlertEvent commit(int i) {
        Alert a = new Alert(
                "a" + i,
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("z"),
                null,
                Map.of("uk", "т"),
                "op",
                T0,
                null,
                T0,
                null,
                true);
        return store.append(EventKind.ISSUED, a, List.of(), T0, 0);
    }

    private static void awaitSeen(List<Long> seen, long n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (seen.size() < n && System.nanoTime() < end) Thread.sleep(20);
        assertThat(List.copyOf(seen))
                .as("seen within %d s", WAIT_SECONDS)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    }

    private static List<Long> list() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    @Test
    void outOfOrderAndRepeatedPublishesAreDeliveredInOrderOnce() throws Exception {
        List<Long> seen = list();
        NatsEventBus a = bus("a", 0, seen);
        NatsEventBus b = bus("b", 0, list());
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) events.add(commit(i));
        // as two nodes racing: 3 before 1 and 2, repeats on both nodes
        for (int i : new int[] {3, 1, 3, 2, 6, 5, 4, 1}) (i % 2 == 0 ? a : b).publish(events.get(i - 1));
        awaitSeen(seen, 6);
        Thread.sleep(NatsEventBus.REPAIR_MILLIS * 2);
        assertThat(seen).hasSize(6);
        assertThat(a.duplicatesDropped() + a.filledFromStore()).isPositive();
    }

    @Test
    void anEventCommittedButNeverPublishedStillArrivesFromTheStore() throws Exception {
        List<Long> seen = list();
        NatsEventBus a = bus("a", 0, seen);
        a.publish(commit(1));
        commit(2); // the writer died between commit and publish
        commit(3);
        awaitSeen(seen, 3);
        assertThat(a.filledFromStore()).isGreaterThanOrEqualTo(2);
        a.publish(commit(4));
        awaitSeen(seen, 4);
    }

    @Test
    void aStartingNodeCatchesUpFromItsAppliedSequence() throws Exception {
        for (int i = 1; i <= 5; i++) commit(i);
        List<Long> seen = list();
        NatsEventBus late = bus("late", 3, seen); // its state already holds 1..3
        late.publish(commit(6));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (seen.size() < 3 && System.nanoTime() < end) Thread.sleep(20);
        assertThat(List.copyOf(seen)).containsExactly(4L, 5L, 6L);
        assertThat(late.applied()).isEqualTo(6);
    }

    @Test
    void refusesToStartWithoutNatsSayingWhatToCheck() throws Exception {
        String nowhere = "nats://127.0.0.1:" + NatsTestSupport.freePort();
        assertThatThrownBy(() -> NatsEventBus.open(new NatsEventBus.Settings(nowhere, stream, "x"), store, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to NATS at " + nowhere)
                .hasMessageContaining("nats-url");
    }

    @Test
    void keepsDeliveringThroughANatsOutageAndPublishesAfterItReturns(@TempDir Path natsDir) throws Exception {
        try (NatsTestSupport.Server own = new NatsTestSupport.Server(natsDir.resolve("js"))) {
            List<Long> seenA = list(), seenB = list();
            NatsEventBus a = NatsEventBus.open(new NatsEventBus.Settings(own.url(), stream, "a"), store, 0);
            NatsEventBus b = NatsEventBus.open(new NatsEventBus.Settings(own.url(), stream, "b"), store, 0);
            buses.add(a);
            buses.add(b);
            a.subscribe(e -> seenA.add(e.seq()));
            b.subscribe(e -> seenB.add(e.seq()));
            a.publish(commit(1));
            awaitSeen(seenB, 1);

            own.stop();
            for (int i = 2; i <= 5; i++) a.publish(commit(i));
            awaitSeen(seenB, 5); // from the store while NATS is down
            assertThat(b.connected()).isFalse();

            own.start();
            long end = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
            while (!(a.connected() && b.connected()) && System.nanoTime() < end) Thread.sleep(50);
            assertThat(a.connected() && b.connected()).as("reconnected").isTrue();
            b.publish(commit(6));
            awaitSeen(seenA, 6);
            awaitSeen(seenB, 6);
        }
    }
}
