package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/**
 * A shard tells other threads whether any subscriber is anchored on it, so the fan-out wakes only loops
 * that have one; a long delivery lets its loop read its sockets between chunks.
 */
class ShardTest {
    @Test
    void holdsSubscribersOnlyWhileOneIsAnchored() {
        Fanout fanout = new Fanout(null, null, null, null, null);
        Shard shard = new Shard(fanout, null);
        assertThat(shard.holdsSubscribers()).isFalse();

        Subscriber a = new RecordingSubscriber(shard), b = new RecordingSubscriber(shard);
        shard.index(a, List.of()); // connected, not subscribed to any zone yet (WebSocket before its first subscribe)
        assertThat(shard.holdsSubscribers()).isFalse();
        shard.index(a, List.of("UA63", "UA6312"));
        shard.index(b, List.of("UA63"));
        assertThat(shard.holdsSubscribers()).isTrue();

        shard.index(a, List.of()); // unsubscribed from everything
        assertThat(shard.holdsSubscribers()).isTrue();
        b.gone();
        assertThat(shard.holdsSubscribers()).isFalse();

        shard.index(a, List.of("UA6312"));
        assertThat(shard.holdsSubscribers()).isTrue();
        a.close("bye");
        assertThat(shard.holdsSubscribers()).isFalse();
    }

    /**
     * An operator's POST that arrives while a loop delivers to thousands of subscribers is read after
     * one chunk, not after the whole delivery: the loop reads its sockets between chunks.
     */
    @Test
    void aLongDeliveryLetsItsLoopReadBetweenChunks() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (Socket client = new Socket()) {
            ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
            ZoneState state = new ZoneState(tree);
            Fanout fanout = new Fanout(vertx, new ZoneReach(tree), state, null, EventSigner.ephemeral());
            Context ctx = vertx.getOrCreateContext();
            int n = 4 * Shard.WRITES_PER_TASK + 7;
            List<RecordingSubscriber> subs = new ArrayList<>();
            AtomicInteger deliveredWhenRead = new AtomicInteger(-1);
            CountDownLatch accepted = new CountDownLatch(1);
            CompletableFuture<Integer> port = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                Shard shard = fanout.newShard(ctx, 3_600_000);
                for (int i = 0; i < n; i++) {
                    RecordingSubscriber r = new RecordingSubscriber(shard);
                    fanout.attach(r, List.of(tree.root().id()), -1, true);
                    subs.add(r);
                }
                NetServer server = vertx.createNetServer();
                server.connectHandler(so -> {
                    so.handler(buf -> deliveredWhenRead.compareAndSet(-1, (int)
                            subs.stream().filter(r -> r.events.contains(2L)).count()));
                    accepted.countDown();
                });
                server.listen(0, "127.0.0.1")
                        .onSuccess(s -> port.complete(s.actualPort()))
                        .onFailure(port::completeExceptionally);
            });
            client.connect(new InetSocketAddress("127.0.0.1", port.get(10, TimeUnit.SECONDS)));
            assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();

            // a first event, so that signing and encoding are warm: Netty also gives the loop's I/O its turn
            // after a task that ran long, and the delivering task must not be one
            Instant at = Instant.now();
            Alert a = new Alert(
                    "a",
                    AlertType.AIR_RAID,
                    AlertStatus.ACTUAL,
                    List.of(tree.root().id()),
                    null,
                    Map.of("en", "x"),
                    "op",
                    at,
                    null,
                    at,
                    null,
                    true);
            AlertEvent first = new AlertEvent(1, EventKind.ISSUED, at, a, List.of());
            AlertEvent second = new AlertEvent(2, EventKind.UPDATED, at, a, List.of());
            ctx.runOnContext(v -> {
                state.apply(first);
                fanout.deliver(first);
            });
            awaitAll(subs, 1L, deliveredWhenRead, false);

            CountDownLatch holding = new CountDownLatch(1), requestSent = new CountDownLatch(1);
            ctx.runOnContext(v -> {
                holding.countDown();
                try {
                    requestSent.await(10, TimeUnit.SECONDS); // the request waits in the socket when the delivery starts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                state.apply(second);
                fanout.deliver(second);
            });
            assertThat(holding.await(10, TimeUnit.SECONDS))
                    .isTrue(); // the loop runs that task: it cannot read the request yet
            OutputStream out = client.getOutputStream();
            out.write("POST /api/v1/alerts".getBytes());
            out.flush();
            requestSent.countDown();

            awaitAll(subs, 2L, deliveredWhenRead, true);
            assertThat(subs).allSatisfy(r -> assertThat(r.events).containsExactly(1L, 2L));
            assertThat(deliveredWhenRead.get())
                    .as(
                            "subscribers given the second event when the loop read the request (all %d: it waited for the whole delivery)",
                            n)
                    .isBetween(1, Shard.WRITES_PER_TASK);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitAll(List<RecordingSubscriber> subs, long seq, AtomicInteger read, boolean andRead)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((andRead && read.get() < 0 || subs.stream().anyMatch(r -> !r.events.contains(seq)))
                && System.nanoTime() < end) Thread.sleep(10);
    }
}
