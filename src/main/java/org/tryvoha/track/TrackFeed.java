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
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertService;
import org.tryvoha.auth.Operator;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.Principal;
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

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tryvoha-tracks").daemon().unstarted(r));
    private final TrackEngine engine;
    private final TrackSettings settings;
    private final TrackStats stats = new TrackStats();
    private final AtomicInteger pending = new AtomicInteger();
    private final int maxPending;
    public static final int MAX_PENDING = 256;

    /**
     * The server's feed: every automatic alert change passes {@code gate} as the feed principal, the
     * operator account {@link TrackSettings#feedPrincipal} names (read at each commit, so a change of
     * its scope or its revocation takes effect at once), or else whoever sent the track's reports.
     */
    public TrackFeed(
            ZoneTree tree,
            AlertGate gate,
            Operators operators,
            Clock clock,
            TrackSettings settings,
            EarlyWarning early) {
        this(
                tree,
                (sender, c) -> gate.applyAutomatic(actingAs(operators, settings, sender), c),
                clock,
                settings,
                early,
                MAX_PENDING);
    }

    /** Straight to the service, without principals (tests). */
    TrackFeed(
            ZoneTree tree,
            AlertService service,
            Clock clock,
            TrackSettings settings,
            EarlyWarning early,
            int maxPending) {
        this(tree, (sender, c) -> service.applyAll(c, TrackEngine.SENDER), clock, settings, early, maxPending);
    }

    private TrackFeed(
            ZoneTree tree,
            TrackEngine.Changes changes,
            Clock clock,
            TrackSettings settings,
            EarlyWarning early,
            int maxPending) {
        this.maxPending = maxPending;
        this.settings = settings;
        this.engine = new TrackEngine(tree, changes, clock, settings, early, stats);
        thread.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The principal automatic changes are made as: the named feed principal (null when unknown or revoked), else the sender. */
    static Principal actingAs(Operators operators, TrackSettings settings, Principal sender) {
        if (settings.feedPrincipal() == null) return sender;
        try {
            Operator o = operators.get(settings.feedPrincipal());
            return o.valid() ? o.principal() : null;
        } catch (ProblemException e) {
            log.error(
                    "track-feed-principal '{}' names no operator account: automatic alerts are not made ({})",
                    settings.feedPrincipal(),
                    e.getMessage());
            return null;
        }
    }

    public TrackSettings settings() {
        return settings;
    }

    public TrackStats stats() {
        return stats;
    }

    /** A batch sent by {@code sender} (the authenticated caller). */
    public CompletableFuture<TrackEngine.BatchResult> submit(List<TrackReport> reports, Principal sender) {
        return queued(() -> engine.submit(reports, sender));
    }

    /** {@code by} confirms a track's proposal (403 outside its role or scope). */
    public CompletableFuture<TrackView> confirm(String trackId, Principal by) {
        return queued(() -> engine.confirm(trackId, by));
    }

    private <T> CompletableFuture<T> queued(Supplier<T> work) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            stats.busy.increment();
            return CompletableFuture.failedFuture(new ProblemException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "the track engine has " + maxPending + " batches waiting; send this one again in a moment"));
        }
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return work.get();
                        } finally {
                            pending.decrementAndGet();
                        }
                    },
                    thread);
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
