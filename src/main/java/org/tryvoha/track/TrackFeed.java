package org.tryvoha.track;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertService;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.zone.ZoneTree;

/**
 * The server's track engine on its own thread: batches and confirmations are queued to it in
 * arrival order, and it ticks once a second. Every call returns at once; the futures complete on
 * the engine thread. At most {@link #MAX_PENDING} batches and confirmations wait or run at once;
 * more are refused with a 429 at once, so a feed faster than the engine cannot grow the queue
 * without bound. Thread-safe.
 */
public final class TrackFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrackFeed.class);

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tryvoha-tracks").daemon().unstarted(r));
  private final TrackEngine engine;
  private final TrackSettings settings;
  private final TrackStats stats = new TrackStats();
  private final AtomicInteger pending = new AtomicInteger();
  private final int maxPending;
  public static final int MAX_PENDING = 256;

  public TrackFeed(ZoneTree tree, AlertService service, Clock clock, TrackSettings settings, EarlyWarning early) {
    this(tree, service, clock, settings, early, MAX_PENDING);
  }

  TrackFeed(ZoneTree tree, AlertService service, Clock clock, TrackSettings settings, EarlyWarning early, int maxPending) {
    this.maxPending = maxPending;
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
    return queued(() -> engine.submit(reports));
  }

  public CompletableFuture<TrackView> confirm(String trackId) {
    return queued(() -> engine.confirm(trackId));
  }

  private <T> CompletableFuture<T> queued(Supplier<T> work) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      stats.busy.increment();
      return CompletableFuture.failedFuture(new ProblemException(ErrorCode.TOO_MANY_REQUESTS,
          "the track engine has " + maxPending + " batches waiting; send this one again in a moment"));
    }
    try {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return work.get();
        } finally {
          pending.decrementAndGet();
        }
      }, thread);
    } catch (RuntimeException e) { // closed: the executor refuses
      pending.decrementAndGet();
      throw e;
    }
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
