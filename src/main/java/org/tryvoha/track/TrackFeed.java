package org.tryvoha.track;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertService;
import org.tryvoha.zone.ZoneTree;

/**
 * The server's track engine on its own thread: batches and confirmations are queued to it in
 * arrival order, and it ticks once a second. Every call returns at once; the futures complete on
 * the engine thread. Thread-safe.
 */
public final class TrackFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrackFeed.class);

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tryvoha-tracks").daemon().unstarted(r));
  private final TrackEngine engine;
  private final TrackSettings settings;
  private final TrackStats stats = new TrackStats();

  public TrackFeed(ZoneTree tree, AlertService service, Clock clock, TrackSettings settings, EarlyWarning early) {
    this.settings = settings;
    this.engine = new TrackEngine(tree, service, clock, settings, early, stats);
    thread.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  public TrackSettings settings() {
    return settings;
  }

  public TrackStats stats() {
    return stats;
  }

  public CompletableFuture<TrackEngine.BatchResult> submit(List<TrackReport> reports) {
    return CompletableFuture.supplyAsync(() -> engine.submit(reports), thread);
  }

  public CompletableFuture<TrackView> confirm(String trackId) {
    return CompletableFuture.supplyAsync(() -> engine.confirm(trackId), thread);
  }

  public Collection<TrackView> views() {
    return engine.views();
  }

  public int liveTracks() {
    return engine.views().size();
  }

  private void tick() {
    try {
      engine.tick();
    } catch (RuntimeException e) { // a failed tick must not cancel the schedule
      log.error("track engine tick failed", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
