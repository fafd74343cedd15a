package org.tryvoha.delivery.webhook;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.delivery.HttpPost;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.delivery.webhook.WebhookStore.Attempt;
import org.tryvoha.event.EncodedEvent;

/**
 * Delivers events to webhooks: one POST per event per hook whose zones it reaches, signed (see
 * {@link Signature}), retried with exponential backoff for a bounded time, logged, and the hook
 * disabled after {@link WebhookSettings#disableAfter} events in a row failed every retry.
 *
 * <p>Each hook has its own lane: a bounded queue (oldest dropped on overflow) and at most one POST
 * in flight, so events reach one hook in sequence order, and a slow or dead hook holds up only its
 * own lane. Every POST is non-blocking with a hard deadline. {@link #onEvent} may be called from any
 * thread; all lane state is confined to this delivery's own Vert.x context. Store writes (log,
 * state) go to worker threads, the log in batches of bounded size.
 */
public final class Webhooks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    static final int MAX_PENDING_LOG = 10_000;

    private final Vertx vertx;
    private final Context context;
    private final WebhookStore store;
    private final WebhookSettings settings;
    private final Outbound outbound;
    private final HttpPost http;
    private final Clock clock;
    private final AtomicLong droppedLog = new AtomicLong();

    // confined to `context`
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final ArrayDeque<Attempt> pendingLog = new ArrayDeque<>();
    private boolean flushing;
    private long generation;
    private final Map<String, Long> removedAt =
            new HashMap<>(); // hook id → generation, until no reload can bring it back
    private volatile boolean closed;

    private static final class Lane {
        Webhook hook;
        final ArrayDeque<EncodedEvent> queue = new ArrayDeque<>();
        boolean busy;
        long timer = -1;
        long changed; // the generation of this lane's last own state change
        long added; // the generation when this node learnt of the hook

        Lane(Webhook hook) {
            this.hook = hook;
        }
    }

    private Webhooks(Vertx vertx, WebhookStore store, WebhookSettings settings, Outbound outbound, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.store = store;
        this.settings = settings;
        this.outbound = outbound;
        this.http = new HttpPost(vertx, 4, outbound);
        this.clock = clock;
    }

    /** Loads the registered hooks (blocking: call at start, off the event loops) and starts delivering. */
    public static Webhooks start(
            Vertx vertx, WebhookStore store, WebhookSettings settings, Outbound outbound, Clock clock) {
        Webhooks w = new Webhooks(vertx, store, settings, outbound, clock);
        List<Webhook> hooks = store.all();
        w.context.runOnContext(v -> {
            hooks.forEach(w::putHere);
            vertx.setPeriodic(settings.reloadSeconds() * 1000L, t -> w.reload());
        });
        return w;
    }

    /**
     * Picks up what other nodes changed in the store: hooks added, removed, or enabled again. The
     * failure count and disabling stay this node's (it is the one sending).
     */
    private void reload() {
        if (closed) return;
        long started = generation;
        // ordered: runs after every state save queued before it, so it never reads a state older than ours
        context.executeBlocking(store::all, true)
                .onSuccess(stored -> {
                    Set<String> ids = new HashSet<>();
                    for (Webhook h : stored) {
                        ids.add(h.id());
                        Lane lane = lanes.get(h.id());
                        if (lane == null && removedAt.getOrDefault(h.id(), -1L) > started)
                            continue; // removed here after this read began
                        if (lane == null || (h.enabled() && !lane.hook.enabled() && lane.changed <= started))
                            putHere(h);
                    }
                    removedAt.values().removeIf(g -> g <= started);
                    lanes.keySet().removeIf(id -> {
                        Lane lane = lanes.get(id);
                        if (ids.contains(id) || lane.added > started)
                            return false; // added here after this read began: not gone
                        if (lane.timer >= 0) vertx.cancelTimer(lane.timer);
                        return true;
                    });
                })
                .onFailure(ex -> log.warn("cannot reload webhooks: {}", ex.toString()));
    }

    public WebhookStore store() {
        return store;
    }

    /** Where hooks may point; checked at registration and before every POST. */
    public Outbound outbound() {
        return outbound;
    }

    /** Any thread: queues the event for every enabled hook that wants it. */
    public void onEvent(EncodedEvent e) {
        context.runOnContext(v -> {
            for (Lane lane : lanes.values()) {
                if (lane.hook.enabled() && lane.hook.wants(e)) enqueue(lane, e);
            }
        });
    }

    /** Any thread: a hook was added, or its state changed in the store (re-enabled). */
    public void put(Webhook h) {
        context.runOnContext(v -> putHere(h));
    }

    /** Any thread: a hook was removed; what it had queued is dropped. */
    public void remove(String id) {
        context.runOnContext(v -> {
            Lane lane = lanes.remove(id);
            removedAt.put(id, ++generation);
            if (lane != null && lane.timer >= 0) vertx.cancelTimer(lane.timer);
        });
    }

    private void putHere(Webhook h) {
        Lane lane = lanes.computeIfAbsent(h.id(), k -> {
            Lane created = new Lane(h);
            created.added = ++generation;
            return created;
        });
        lane.hook = h;
        pump(lane);
    }

    private void enqueue(Lane lane, EncodedEvent e) {
        if (lane.queue.size() >= settings.queue()) { // drop the oldest waiting event (not the one in flight)
            EncodedEvent head = lane.busy ? lane.queue.poll() : null;
            EncodedEvent old = lane.queue.poll();
            if (head != null) lane.queue.addFirst(head);
            if (old != null)
                logAttempt(
                        lane.hook,
                        old.seq(),
                        0,
                        null,
                        "dropped",
                        "the hook's queue of " + settings.queue() + " events was full",
                        0);
        }
        lane.queue.add(e);
        pump(lane);
    }

    private void pump(Lane lane) {
        if (lane.busy || lane.queue.isEmpty() || !lane.hook.enabled()) return;
        lane.busy = true;
        attempt(lane, lane.queue.peek(), 1, System.nanoTime());
    }

    private void attempt(Lane lane, EncodedEvent e, int n, long firstNanos) {
        lane.timer = -1;
        if (closed) return;
        Webhook h = lane.hook;
        long ts = clock.instant().getEpochSecond();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("User-Agent", "Tryvoha-Webhook/1")
                .add("Tryvoha-Webhook-Id", h.id())
                .add("Tryvoha-Event-Seq", Long.toString(e.seq()))
                .add("Tryvoha-Delivery-Attempt", Integer.toString(n))
                .add("Tryvoha-Timestamp", Long.toString(ts))
                .add(
                        "Tryvoha-Signature",
                        Signature.sign(h.secret(), ts, e.jsonBytes().nioBuffer()));
        // the event's shared UTF-8 bytes, as sent on the stream: a view, not a copy
        Buffer body = BufferInternal.buffer(e.jsonBytes().duplicate());
        http.post(h.url(), headers, body, settings.timeoutMillis())
                .onComplete(r -> answered(lane, e, n, firstNanos, r.result()));
    }

    private void answered(Lane lane, EncodedEvent e, int n, long firstNanos, HttpPost.Result r) {
        if (lanes.get(lane.hook.id()) != lane) return; // removed meanwhile
        Integer status = r.status() == 0 ? null : r.status();
        if (r.ok()) {
            logAttempt(lane.hook, e.seq(), n, status, "delivered", null, r.millis());
            if (lane.hook.failures() > 0) saveState(lane, lane.hook.withState(true, 0, null));
            next(lane);
            return;
        }
        long wait = settings.backoffMillis(n);
        long elapsedMillis = (System.nanoTime() - firstNanos) / 1_000_000;
        if (elapsedMillis + wait <= settings.retryWindowSeconds() * 1000L) {
            logAttempt(
                    lane.hook,
                    e.seq(),
                    n,
                    status,
                    "retrying",
                    r.problem() + "; next attempt in " + wait + " ms",
                    r.millis());
            lane.timer = vertx.setTimer(wait, t -> attempt(lane, e, n + 1, firstNanos));
            return;
        }
        logAttempt(
                lane.hook,
                e.seq(),
                n,
                status,
                "failed",
                r.problem() + "; gave up after " + n + " attempts",
                r.millis());
        int failures = lane.hook.failures() + 1;
        if (failures >= settings.disableAfter()) {
            String reason = failures + " events in a row failed every retry; last: " + r.problem();
            log.warn("webhook {} ({}) disabled: {}", lane.hook.id(), lane.hook.url(), reason);
            lane.queue.poll();
            for (EncodedEvent q : lane.queue)
                logAttempt(lane.hook, q.seq(), 0, null, "dropped", "the hook was disabled", 0);
            lane.queue.clear();
            saveState(lane, lane.hook.withState(false, failures, reason));
            lane.busy = false;
            return;
        }
        saveState(lane, lane.hook.withState(true, failures, null));
        next(lane);
    }

    private void next(Lane lane) {
        lane.queue.poll();
        lane.busy = false;
        pump(lane);
    }

    private void saveState(Lane lane, Webhook h) {
        lane.hook = h;
        lane.changed = ++generation;
        blocking("save webhook state", () -> store.saveState(h));
    }

    private void logAttempt(
            Webhook h, long seq, int attempt, Integer status, String outcome, String error, long millis) {
        if (pendingLog.size() >= MAX_PENDING_LOG) {
            pendingLog.poll();
            droppedLog.incrementAndGet();
        }
        pendingLog.add(new Attempt(h.id(), seq, attempt, clock.instant(), status, outcome, error, millis));
        flushLog();
    }

    private void flushLog() {
        if (flushing || pendingLog.isEmpty()) return;
        flushing = true;
        List<Attempt> batch = new ArrayList<>(pendingLog);
        pendingLog.clear();
        blocking("write webhook log", () -> {
                    store.log(batch);
                    return null;
                })
                .onComplete(r -> {
                    flushing = false;
                    flushLog();
                });
    }

    private <T> Future<T> blocking(String what, Callable<T> work) {
        return context.executeBlocking(work, true).onFailure(ex -> log.warn("cannot {}: {}", what, ex.toString()));
    }

    /** Lanes by hook id with their queue length and whether a POST or a retry is pending (for the API). */
    public Future<Map<String, Map<String, Object>>> lanes() {
        Promise<Map<String, Map<String, Object>>> p = Promise.promise();
        context.runOnContext(v -> {
            Map<String, Map<String, Object>> out = new HashMap<>();
            lanes.forEach((id, l) -> out.put(id, Map.of("queued", l.queue.size(), "in_flight", l.busy)));
            p.complete(out);
        });
        return p.future();
    }

    @Override
    public void close() {
        closed = true;
        http.close();
    }
}
