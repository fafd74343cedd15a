package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/** The start-up warm-up signs and encodes throwaway events and delivers none of them. */
class WarmUpTest {
    @Test
    void warmUpDeliversNothingAndLeavesTheSignerAsItWas() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
            EventSigner signer = EventSigner.ephemeral();
            ZoneState state = new ZoneState(tree);
            Fanout fanout = new Fanout(vertx, new ZoneReach(tree), state, null, signer);
            Context ctx = vertx.getOrCreateContext();
            CompletableFuture<RecordingSubscriber> sub = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                RecordingSubscriber r = new RecordingSubscriber(fanout.newShard(ctx, 3_600_000));
                fanout.attach(r, List.of(tree.root().id()), -1, true);
                sub.complete(r);
            });
            RecordingSubscriber r = sub.get(10, TimeUnit.SECONDS);

            int warmed =
                    fanout.warmUp().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(warmed).isEqualTo(Fanout.WARM_UP_EVENTS);

            Instant at = Instant.now();
            Alert a = new Alert(
                    "real",
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
            AlertEvent real = new AlertEvent(1, EventKind.ISSUED, at, a, List.of());
            state.apply(real);
            EncodedEvent e = fanout.deliver(real);
            assertThat(e.json())
                    .contains("\"seq\":1,")
                    .contains("\"signature\"")
                    .doesNotContain("warm-up");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.events.isEmpty() && System.nanoTime() < end) Thread.sleep(10);
            Thread.sleep(100);
            assertThat(r.events).containsExactly(1L);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
