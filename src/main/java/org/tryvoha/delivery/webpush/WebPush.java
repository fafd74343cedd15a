package org.tryvoha.delivery.webpush;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.delivery.Audience;
import org.tryvoha.delivery.HttpPost;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.event.EncodedEvent;

/**
 * Sends events to browsers through their push services (RFC 8030): each message encrypted for its
 * browser (RFC 8291), authorised with a VAPID token (RFC 8292), with {@code Urgency: high} and the
 * configured TTL. A subscription the push service answers 404 or 410 for is gone and is removed.
 *
 * <p>{@link #onEvent} may be called from any thread: it picks the subscriptions the event reaches
 * and queues one push each (bounded; the oldest dropped and counted). Encryption (an ECDH per push)
 * runs on a worker pool; at most {@link WebPushSettings#concurrency} pushes are in flight, each with
 * a deadline. No retries: a push service that refuses now is not asked again for this event.
 */
public final class WebPush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebPush.class);

    private final Vertx vertx;
    private final Context context;
    private final WorkerExecutor crypto;
    private final PushStore store;
    private final WebPushSettings settings;
    private final Vapid vapid;
    private final Outbound outbound;
    private final HttpPost http;
    private final Clock clock;
    private final Map<String, PushSubscription> subscriptions = new ConcurrentHashMap<>();
    /** Subscriptions by zone id: an event finds its audience from the zones it reaches, not by scanning every subscription. */
    private final Map<String, Set<PushSubscription>> byZone = new ConcurrentHashMap<>();

    private final AtomicLong sent = new AtomicLong(),
            failed = new AtomicLong(),
            removed = new AtomicLong(),
            dropped = new AtomicLong(),
            retries = new AtomicLong();

    /** @param attempt 1 for the first try; a push that got no answer, a 429 or a 5xx is tried again up to {@link #ATTEMPTS} */
    private record Job(PushSubscription to, byte[] payload, int attempt) {}

    /** Tries of one push: the first and two more after 1 s and 2 s (a dropped keep-alive connection, a busy push service). */
    static final int ATTEMPTS = 3;

    // guarded by `queue`
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private int inflight;
    private volatile boolean closed;

    private WebPush(
            Vertx vertx, PushStore store, WebPushSettings settings, Vapid vapid, Outbound outbound, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.crypto = vertx.createSharedWorkerExecutor("tryvoha-push", 2);
        this.store = store;
        this.settings = settings;
        this.vapid = vapid;
        this.outbound = outbound;
        this.http = new HttpPost(vertx, Math.max(4, settings.concurrency()), outbound);
        this.clock = clock;
    }

    /** Loads (or makes, on first start) the VAPID keys and the subscriptions. Blocking: call at start. */
    public static WebPush start(
            Vertx vertx, PushStore store, WebPushSettings settings, Outbound outbound, Clock clock) {
        WebPush w =
                new WebPush(vertx, store, settings, new Vapid(store.vapidKeys(), settings.subject()), outbound, clock);
        store.all().forEach(w::remember);
        return w;
    }

    public Vapid vapid() {
        return vapid;
    }

    public WebPushSettings settings() {
        return settings;
    }

    /** Where endpoints may point; checked when a browser subscribes and before every push. */
    public Outbound outbound() {
        return outbound;
    }

    /** Blocking (store): keeps a new or renewed subscription; false when the server holds its maximum. */
    public boolean subscribe(PushSubscription s) {
        if (!subscriptions.containsKey(s.endpoint()) && subscriptions.size() >= settings.maxSubscriptions())
            return false;
        store.save(s);
        remember(s);
        return true;
    }

    private synchronized void remember(PushSubscription s) {
        PushSubscription old = subscriptions.put(s.endpoint(), s);
        if (old != null) forget(old);
        for (String z : s.zones())
            byZone.computeIfAbsent(z, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    private synchronized void forget(PushSubscription s) {
        for (String z : s.zones()) {
            Set<PushSubscription> set = byZone.get(z);
            if (set != null) set.remove(s);
        }
    }

    /** Blocking (store): forgets a subscription; false when there was none. */
    public boolean unsubscribe(String endpoint) {
        synchronized (this) {
            PushSubscription s = subscriptions.remove(endpoint);
            if (s != null) forget(s);
        }
        return store.delete(endpoint);
    }

    public int size() {
        return subscriptions.size();
    }

    /** Counters for the API: subscriptions, pushes sent, failed, expired subscriptions removed, dropped. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptions", subscriptions.size());
        m.put("sent", sent.get());
        m.put("failed", failed.get());
        m.put("removed", removed.get());
        m.put("dropped", dropped.get());
        m.put("retries", retries.get());
        return m;
    }

    /** Any thread: one push per subscription the event reaches. The payload is made once per event. */
    public void onEvent(EncodedEvent e) {
        Set<PushSubscription> to = new LinkedHashSet<>();
        for (String z : e.reach()) {
            Set<PushSubscription> set = byZone.get(z);
            if (set != null) for (PushSubscription s : set) if (Audience.admits(e, s.drills())) to.add(s);
        }
        if (to.isEmpty() || closed) return;
        byte[] payload = PushPayload.of(e);
        synchronized (queue) {
            for (PushSubscription s : to) {
                if (queue.size() >= settings.queue()) {
                    queue.poll();
                    dropped.incrementAndGet();
                }
                queue.add(new Job(s, payload, 1));
            }
        }
        context.runOnContext(v -> pump());
    }

    private void pump() {
        while (true) {
            Job job;
            synchronized (queue) {
                if (closed || inflight >= settings.concurrency() || queue.isEmpty()) return;
                job = queue.poll();
                inflight++;
            }
            send(job);
        }
    }

    private void send(Job job) {
        PushSubscription s = job.to();
        if (!settings.allowHttp() && !s.endpoint().startsWith("https://")) {
            // kept from a run that allowed http: push services are https, and a plain endpoint is not sent to
            failed.incrementAndGet();
            synchronized (queue) {
                inflight--;
            }
            context.runOnContext(v -> pump());
            return;
        }
        crypto.executeBlocking(
                        () -> { // the ECDH and the signature stay off the event loop
                            MultiMap h = MultiMap.caseInsensitiveMultiMap()
                                    .add("TTL", Integer.toString(settings.ttlSeconds()))
                                    .add("Urgency", "high")
                                    .add("Content-Encoding", "aes128gcm")
                                    .add("Content-Type", "application/octet-stream")
                                    .add("Authorization", vapid.authorization(s.endpoint(), clock.instant()));
                            return Map.entry(h, Buffer.buffer(PushCrypto.encrypt(job.payload(), s.p256dh(), s.auth())));
                        },
                        false)
                .compose(req -> http.post(s.endpoint(), req.getKey(), req.getValue(), settings.timeoutMillis()))
                .onComplete(r -> {
                    if (r.succeeded() && retryable(r.result()) && job.attempt() < ATTEMPTS && !closed) {
                        retries.incrementAndGet();
                        vertx.setTimer(
                                1000L << (job.attempt() - 1),
                                t -> requeue(new Job(s, job.payload(), job.attempt() + 1)));
                    } else if (r.succeeded()) answered(s, r.result());
                    else {
                        failed.incrementAndGet();
                        log.warn(
                                "push to {} not sent: {}",
                                host(s.endpoint()),
                                r.cause().toString());
                    }
                    synchronized (queue) {
                        inflight--;
                    }
                    pump();
                });
    }

    /** No answer (connection lost, timeout), too many requests, or a server error: worth another try. */
    private static boolean retryable(HttpPost.Result r) {
        return r.status() == 0 || r.status() == 429 || r.status() >= 500;
    }

    private void requeue(Job job) {
        synchronized (queue) {
            if (closed || queue.size() >= settings.queue()) {
                dropped.incrementAndGet();
                return;
            }
            queue.addFirst(job);
        }
        pump();
    }

    private void answered(PushSubscription s, HttpPost.Result r) {
        if (r.ok()) {
            sent.incrementAndGet();
            return;
        }
        failed.incrementAndGet();
        if (r.status() == 404 || r.status() == 410) { // the browser unsubscribed or the subscription expired
            synchronized (this) {
                if (subscriptions.remove(s.endpoint(), s)) forget(s);
            }
            vertx.executeBlocking(() -> store.delete(s.endpoint()), false)
                    .onSuccess(v -> removed.incrementAndGet()) // counted once the store forgot it too
                    .onFailure(ex -> log.warn("cannot remove an expired push subscription: {}", ex.toString()));
            return;
        }
        log.debug("push to {} refused: {}", host(s.endpoint()), r.problem());
    }

    private static String host(String endpoint) {
        return URI.create(endpoint).getHost();
    }

    @Override
    public void close() {
        closed = true;
        http.close();
        crypto.close();
    }
}
