package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** The feed's queue to the engine thread is bounded: a feed faster than the engine is refused, not queued without end. */
class TrackFeedTest {
    @TempDir
    Path dir;

    @Test
    void batchesBeyondTheLimitAreRefusedWith429AndTheRestAreApplied() throws Exception {
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        try (SqliteAlertStore store = SqliteAlertStore.open(dir);
                LocalEventBus bus = new LocalEventBus()) {
            AlertService service = new AlertService(store, bus, Clock.systemUTC());
            TrackFeed feed =
                    new TrackFeed(tree, service, Clock.systemUTC(), TrackSettings.defaults(), EarlyWarning.OFF, 2);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // a guided bomb 5 km from Kharkiv: its first report raises an alert at once
            TrackReport bomb = new TrackReport(
                    "b",
                    ThreatClass.GUIDED_BOMB,
                    now,
                    49.9935 + 5_000 / 111_320.0,
                    36.2304,
                    0,
                    -250,
                    0,
                    Double.NaN,
                    300,
                    null);
            CompletableFuture<TrackEngine.BatchResult> first, second, third;
            synchronized (service) { // the engine thread waits on the alert service: nothing it was given can finish
                first = feed.submit(List.of(bomb), null);
                second = feed.submit(List.of(bomb), null);
                third = feed.submit(List.of(bomb), null);
                assertThat(third).isCompletedExceptionally();
            }
            assertThatThrownBy(third::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
            assertThat(first.get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
            assertThat(second.get(30, TimeUnit.SECONDS).duplicate()).isEqualTo(1);
            assertThat(feed.stats().asMap())
                    .containsEntry("batches_refused_busy", 1L)
                    .containsEntry("alerts_raised", 1L);
            assertThat(feed.submit(List.of(bomb), null)
                            .get(30, TimeUnit.SECONDS)
                            .duplicate())
                    .isEqualTo(1); // room again
            feed.close();
        }
    }
}
