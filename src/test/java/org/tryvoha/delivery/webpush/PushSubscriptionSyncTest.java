package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.stream.DeliveryReports;

/**
 * Two nodes' Web Push over one store: what one node subscribes or removes, the other takes on when
 * told ({@code reload}, the NATS notice) or at its periodic {@code resync} (a notice lost).
 */
class PushSubscriptionSyncTest {
    @TempDir
    Path dir;

    Vertx vertx;
    AlertStore store;
    WebPush a, b;
    final Browser browser = Browser.create();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        store = SqliteAlertStore.open(dir);
        a = node();
        b = node();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        store.close();
        vertx.close();
    }

    private WebPush node() {
        Config.Source s = Config.Source.of(Map.of(), Map.of());
        return WebPush.start(
                vertx,
                new PushStore(store.sql()),
                WebPushSettings.from(s),
                Outbound.from(s),
                Clock.systemUTC(),
                new DeliveryReports());
    }

    private PushSubscription sub(String name, String zone) {
        return new PushSubscription(
                "https://push.example/" + name,
                browser.publicKey(),
                browser.auth(),
                List.of(zone),
                false,
                Instant.parse("2026-12-07T12:00:00Z"));
    }

    @Test
    void aChangeToldToTheOtherNodeIsTakenFromTheStore() {
        a.subscribe(sub("x", "UA1"));
        assertThat(b.size()).isZero();
        b.reload("https://push.example/x");
        assertThat(b.size()).isOne();

        a.subscribe(sub("x", "UA2")); // renewed with another zone
        b.reload("https://push.example/x");
        assertThat(b.status()).containsEntry("subscriptions", 1);

        a.unsubscribe("https://push.example/x");
        b.reload("https://push.example/x");
        assertThat(b.size()).isZero();
    }

    @Test
    void theChangesOfEveryoneAreTellableToOthers() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.onChange(told::add);
        a.subscribe(sub("y", "UA1"));
        a.unsubscribe("https://push.example/y");
        assertThat(told).containsExactly("https://push.example/y", "https://push.example/y");
    }

    @Test
    void aResyncTakesWhatNoNoticeSaid() throws Exception {
        a.subscribe(sub("p", "UA1"));
        a.subscribe(sub("q", "UA1"));
        b.resync();
        assertThat(b.size()).isEqualTo(2);

        new PushStore(store.sql()).delete("https://push.example/q"); // gone, and the notice was lost
        new PushStore(store.sql()).save(sub("r", "UA3"));
        Thread.sleep(1_100); // the resync leaves alone what changed in the last second (a newer notice)
        b.resync();
        assertThat(b.size()).isEqualTo(2);
        b.unsubscribe("https://push.example/r"); // and removed on b: a's resync forgets it
        Thread.sleep(1_100);
        a.resync();
        assertThat(a.size()).isEqualTo(1);
    }
}
