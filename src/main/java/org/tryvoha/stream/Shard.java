package org.tryvoha.stream;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.tryvoha.event.EncodedEvent;

/**
 * The subscribers of one event loop, grouped by anchor zone. Every method runs on that loop, so
 * delivery to its subscribers needs no lock; an event reaches each shard as one task.
 *
 * <p>Events are written in sequence order from a queue, at most {@link #WRITES_PER_TASK} subscribers
 * or {@link #SLICE_NANOS} per loop task: a nationwide event to 19,000 connections must not hold the
 * loop for tens of milliseconds while an operator's POST, a new connection or a heartbeat waits
 * behind it. The next chunk is a scheduled task due at once, not a plain task: Netty (4.2) runs plain
 * tasks until its queue is empty or for up to a second ({@code maxTaskProcessingQuantumMs}) before it
 * reads its sockets again, so a delivery that queued itself as a plain task kept the loop from reading
 * anything until it had finished (0.3–1.2 s per POST during a burst of nationwide alerts); a
 * scheduled task is taken only after the loop's next round of I/O.
 *
 * <p>Events that queued up meanwhile are taken as one batch (up to {@link #MAX_BATCH}): each
 * subscriber gets all of the batch's events that concern it in one go and one flush, so under load
 * several events share one socket write, as NATS packs its writes. The subscribers a batch goes to
 * are collected when its turn comes (after the zone state applied its events), so joining and leaving
 * in between never disturbs the iteration. Nothing is allocated per delivery: the targets array and each subscriber's batch
 * mask are reused.
 */
public final class Shard {
    final Fanout fanout;
    final Context context;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final DeliveryLatency latency;
    private final Set<Subscriber> all = new LinkedHashSet<>();
    /** Subscribers one loop task writes to, at most, before it yields to the loop's other work. */
    static final int WRITES_PER_TASK = 256;
    /** How long one loop task writes, at most (checked every 16 subscribers), before it yields. */
    static final long SLICE_NANOS = 1_000_000;
    /** Events one batch takes (one bit each in a subscriber's mask). */
    static final int MAX_BATCH = 64;

    private final ArrayDeque<EncodedEvent> queue = new ArrayDeque<>();
    private final EncodedEvent[] batch = new EncodedEvent[MAX_BATCH];
    private final int[] sse = new int[MAX_BATCH], ws = new int[MAX_BATCH];
    private int batchSize;
    private long batchId;
    private Subscriber[] targets = new Subscriber[64];
    private int targetCount, cursor;
    private long startedNanos;
    private boolean scheduled;
    /** The loop's Netty executor, and the task that goes on with a delivery after the loop's I/O. */
    private final EventLoop loop;

    private final Runnable resume;
    /** Zones with at least one subscriber here ({@code buckets.size()}), readable from any thread. */
    private volatile int zonesHeld;

    Shard(Fanout fanout, Context context) {
        this.fanout = fanout;
        this.context = context;
        this.latency = fanout.latency;
        ContextInternal ctx = (ContextInternal) context;
        this.loop = ctx == null ? null : ctx.nettyEventLoop(); // null: a shard without a loop, in tests
        this.resume = () -> ctx.dispatch(this::drain);
    }

    public Context context() {
        return context;
    }

    public int size() {
        return all.size();
    }

    /**
     * Whether an event could concern a subscriber here; any thread. False only while no subscriber is
     * anchored. Skipping such a shard loses nothing: the fan-out reads this after the zone state applied
     * the event, a joining subscriber raises it before it reads the state (both volatile), so either
     * the event is handed to this shard or the subscriber's state (or replay from the store, where the
     * event was committed first) already includes it.
     */
    boolean holdsSubscribers() {
        return zonesHeld > 0;
    }

    void deliver(EncodedEvent e) {
        queue.add(e);
        if (!scheduled) drain();
    }

    private void drain() {
        scheduled = false;
        long deadline = System.nanoTime() + SLICE_NANOS;
        int written = 0;
        while (batchSize > 0 || collect()) {
            while (cursor < targetCount) {
                Subscriber s = targets[cursor];
                targets[cursor++] = null;
                write(s);
                if (++written >= WRITES_PER_TASK || (written & 15) == 0 && System.nanoTime() - deadline > 0) break;
            }
            if (cursor < targetCount) break;
            finish();
            if (written >= WRITES_PER_TASK || System.nanoTime() - deadline > 0) break;
        }
        if (batchSize > 0 || !queue.isEmpty()) {
            scheduled = true;
            loop.schedule(resume, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** Writes every event of the batch that concerns {@code s}, in sequence order, then flushes once. */
    private void write(Subscriber s) {
        long mask = s.batchMask;
        s.batchMask = 0;
        boolean wrote = false;
        boolean isSse = s instanceof SseSubscriber;
        while (mask != 0) {
            int i = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (s.offer(batch[i])) {
                wrote = true;
                if (isSse) sse[i]++;
                else ws[i]++;
            }
        }
        if (wrote) s.flushAndCheck();
    }

    /** Takes the queued events as a batch and every subscriber of the zones they reach, once each. */
    private boolean collect() {
        while (batchSize < MAX_BATCH && !queue.isEmpty()) batch[batchSize++] = queue.poll();
        if (batchSize == 0) return false;
        long id = ++batchId;
        startedNanos = System.nanoTime();
        targetCount = cursor = 0;
        for (int i = 0; i < batchSize; i++) {
            sse[i] = ws[i] = 0;
            long bit = 1L << i;
            for (String zone : batch[i].reach()) {
                Bucket b = buckets.get(zone);
                if (b == null) continue;
                if (targetCount + b.size > targets.length)
                    targets = Arrays.copyOf(targets, Math.max(targets.length * 2, targetCount + b.size));
                Subscriber[] subs = b.subs;
                for (int k = 0, n = b.size; k < n; k++) {
                    Subscriber s = subs[k];
                    if (s.mark != id) {
                        s.mark = id;
                        s.batchMask = 0;
                        targets[targetCount++] = s;
                    }
                    s.batchMask |= bit;
                }
            }
        }
        return true;
    }

    private void finish() {
        for (int i = 0; i < batchSize; i++) {
            if (sse[i] > 0) latency.record("sse", batch[i], startedNanos, sse[i]);
            if (ws[i] > 0) latency.record("ws", batch[i], startedNanos, ws[i]);
            batch[i] = null;
        }
        batchSize = 0;
    }

    /** Writes one heartbeat, framed once, to every subscriber here (a copy: a write may close one). */
    void heartbeat(long seq) {
        if (all.isEmpty()) return;
        Heartbeat beat = new Heartbeat(seq, Instant.now());
        for (Subscriber s : all.toArray(new Subscriber[0])) s.writeHeartbeat(beat);
    }

    /**
     * Anchors the subscriber at {@code anchors} (replacing earlier anchors). {@link #zonesHeld} is
     * written once, at the end: a subscriber that keeps some zones never lets it read 0 in between.
     */
    void index(Subscriber s, List<String> anchors) {
        unindex(s);
        s.anchor(anchors);
        for (int k = 0; k < s.anchors.size(); k++)
            buckets.computeIfAbsent(s.anchors.get(k), z -> new Bucket()).add(s, k);
        zonesHeld = buckets.size();
        all.add(s);
    }

    void detach(Subscriber s) {
        unindex(s); // a delivery in progress iterates its own copy of the targets
        zonesHeld = buckets.size();
        fanout.left(s);
    }

    private void unindex(Subscriber s) {
        for (int k = 0; k < s.anchors.size(); k++) {
            Bucket b = s.buckets[k];
            if (b == null) continue;
            b.remove(s, k);
            if (b.size == 0) buckets.remove(s.anchors.get(k));
        }
        if (s.closed()) all.remove(s);
    }
}
