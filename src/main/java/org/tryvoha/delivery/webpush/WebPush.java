package org.tryvoha.delivery.webpush;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.tryvoha.delivery.Audience;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.stream.DeliveryReports;

/**
 * Sends events to browsers through their push services (RFC 8030): each message encrypted for its
 * browser with its own ephemeral key (RFC 8291), authorised with a VAPID token (RFC 8292) signed
 * once per push service and reused, with {@code Urgency: high} and a TTL that ends when the alert
 * does. A subscription the push service answers 404 or 410 for is gone and is removed.
 *
 * <p>{@link #onEvent} may be called from any thread: it picks the subscriptions the event reaches
 * and queues one push each on the {@link PushOrigin lane} of its push service (bounded; real alerts
 * before drills). Each lane keeps at most {@link WebPushSettings#concurrency} pushes in flight over
 * at most {@link WebPushSettings#connections} multiplexed HTTP/2 connections, so a slow push service
 * holds up only its own lane. Encryption runs in batches on a pool of its own, never on an event
 * loop. A push that got no answer, a 429 or a 5xx is tried again after 1 s and 2 s.
 */
public final class WebPush implements AutoCloseable {
    /** Tries of one push: the first and two more after 1 s and 2 s (a dropped connection, a busy push service). */
    static final int ATTEMPTS = 3;

    /** The channel's name in {@link DeliveryReports}. */
    public static final String CHANNEL = "webpush";

    /** A subscription ready to push to: the browser's key parsed once, its push service's origin and its path. */
    record Recipient(PushSubscription sub, PublicKey key, String origin, String path) {
        /**
         * The same recipient only: a renewed subscription is a new one. A record's own equality would
         * hash the provider's key, whose hashCode encodes it natively: ~7 µs a recipient, 0.7 s to find
         * the audience of 100,000.
         */
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return sub.endpoint().hashCode();
        }

        static Recipient of(PushSubscription s) {
            URI u = URI.create(s.endpoint());
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
            return new Recipient(s, EcProvider.publicKey(s.p256dh()), Vapid.audience(s.endpoint()), path);
        }
    }

    /**
     * What one event pushes: the plaintext (made once), its TTL, whether it is a real alert, and where
     * the answers are counted.
     */
    record Message(byte[] plaintext, int ttl, boolean actual, Progress tally) {}

    /**
     * Counts the final answers (sent, failed, dropped) of a group of pushes into the event's tally and
     * completes {@link #finished} once every push of the group has one: a node acknowledges its share
     * of an event only then.
     */
    static final class Progress {
        private final DeliveryReports.Tally tally;
        private final AtomicInteger left;
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Progress(DeliveryReports.Tally tally, int pushes) {
            this.tally = tally;
            this.left = new AtomicInteger(pushes);
            if (pushes <= 0) finished.complete(null);
        }

        void sent() {
            tally.sent();
            answered();
        }

        void failed() {
            tally.failed();
            answered();
        }

        void dropped() {
            tally.dropped();
            answered();
        }

        void retried() {
            tally.retried();
        }

        private void answered() {
            if (left.decrementAndGet() == 0) finished.complete(null);
        }
    }

    /** @param attempt 1 for the first try */
    record Job(Recipient to, Message message, int attempt) {}

    final Vertx vertx;
    final WorkerExecutor crypto;
    final PushStore store;
    final WebPushSettings settings;
    final Vapid vapid;
    final Outbound outbound;
    final HttpClient client;
    final Clock clock;
    final DeliveryReports reports;
    private final Map<String, Recipient> subscriptions = new ConcurrentHashMap<>();
    /** Subscriptions by zone id: an event finds its audience from the zones it reaches, not by scanning every subscription. */
    private final Map<String, Set<Recipient>> byZone = new ConcurrentHashMap<>();

    private final Map<String, PushOrigin> origins = new ConcurrentHashMap<>();
    /** When each endpoint was last changed here or by a notice (System.nanoTime), so a resync does not undo it. */
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();

    private volatile Consumer<String> changes;

    /** Events waiting for their audience to be found: far more than any burst of alerts. */
    static final int FANOUT_QUEUE = 1024;

    private final ThreadPoolExecutor fanout = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(FANOUT_QUEUE),
            Thread.ofPlatform().name("tryvoha-push-fanout").daemon().factory(),
            (task, pool) -> {
                try {
                    if (!pool.isShutdown()) pool.getQueue().put(task); // in order, nothing dropped
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });

    final AtomicLong sent = new AtomicLong(),
            failed = new AtomicLong(),
            removed = new AtomicLong(),
            dropped = new AtomicLong(),
            retries = new AtomicLong(),
            shares = new AtomicLong(),
            sharesRetaken = new AtomicLong();
    /** True in a cluster, where the pushes of an event are shared among the nodes ({@link PushShares}). */
    volatile boolean shared;

    volatile boolean closed;

    private WebPush(
            Vertx vertx,
            PushStore store,
            WebPushSettings settings,
            Vapid vapid,
            Outbound outbound,
            Clock clock,
            DeliveryReports reports) {
        this.vertx = vertx;
        this.crypto = vertx.createSharedWorkerExecutor("tryvoha-push-crypto", settings.cryptoThreadCount());
        this.store = store;
        this.settings = settings;
        this.vapid = vapid;
        this.outbound = outbound;
        this.clock = clock;
        this.reports = reports;
        // each lane sends over its own HTTP/2 connections (PushConnections); this client is for a push
        // service that does not speak HTTP/2: TLS with ALPN, or h2c with an upgrade to a local http://
        // one (tests), falling back to HTTP/1.1
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setUseAlpn(true)
                        .setHttp2ClearTextUpgrade(true)
                        .setKeepAlive(true)
                        .setHttp2KeepAliveTimeout(120),
                new PoolOptions()
                        .setHttp2MaxSize(settings.connections())
                        .setHttp1MaxSize(settings.connections() * 8)
                        .setMaxWaitQueueSize(-1)); // bounded by each lane's concurrency
    }

    /** Loads (or makes, on first start) the VAPID keys and the subscriptions. Blocking: call at start. */
    public static WebPush start(
            Vertx vertx,
            PushStore store,
            WebPushSettings settings,
            Outbound outbound,
            Clock clock,
            DeliveryReports reports) {
        WebPush w = new WebPush(
                vertx, store, settings, new Vapid(store.vapidKeys(), settings.subject()), outbound, clock, reports);
        for (PushSubscription s : store.all()) w.rememberQuietly(s);
        return w;
    }

    public Vapid vapid() {
        return vapid;
    }

    public WebPushSettings settings() {
        return settings;
    }

    /** Where endpoints may point; checked when a browser subscribes and again as a lane resolves its push service. */
    public Outbound outbound() {
        return outbound;
    }

    /** Blocking (store): keeps a new or renewed subscription; false when the server holds its maximum. */
    public boolean subscribe(PushSubscription s) {
        if (!subscriptions.containsKey(s.endpoint()) && subscriptions.size() >= settings.maxSubscriptions())
            return false;
        store.save(s);
        remember(s);
        changed(s.endpoint());
        return true;
    }

    /** Holds a subscription in memory only (benchmarks that do not go through the store). */
    void remember(PushSubscription s) {
        Recipient r = Recipient.of(s);
        synchronized (this) {
            Recipient old = subscriptions.put(s.endpoint(), r);
            if (old != null) forget(old);
            for (String z : s.zones())
                byZone.computeIfAbsent(z, k -> ConcurrentHashMap.newKeySet()).add(r);
        }
    }

    private synchronized void forget(Recipient r) {
        for (String z : r.sub().zones()) {
            Set<Recipient> set = byZone.get(z);
            if (set != null) set.remove(r);
        }
    }

    private synchronized boolean forget(String endpoint) {
        Recipient r = subscriptions.remove(endpoint);
        if (r != null) forget(r);
        return r != null;
    }

    /** Blocking (store): forgets a subscription; false when there was none. */
    public boolean unsubscribe(String endpoint) {
        forget(endpoint);
        boolean was = store.delete(endpoint);
        changed(endpoint);
        return was;
    }

    /** A push service said the subscription is gone (404, 410): forget it here and in the store. */
    void expired(Recipient r) {
        synchronized (this) {
            if (subscriptions.remove(r.sub().endpoint(), r)) forget(r);
            else return;
        }
        vertx.executeBlocking(() -> store.delete(r.sub().endpoint()), false)
                .onSuccess(v -> {
                    removed.incrementAndGet(); // counted once the store forgot it too
                    changed(r.sub().endpoint());
                })
                .onFailure(ex -> PushOrigin.log.warn("cannot remove an expired push subscription: {}", ex.toString()));
    }

    /**
     * Where a change of a subscription in the store is told to the other nodes (a cluster), which
     * {@link #reload} it; set once, before the first request.
     */
    void onChange(Consumer<String> listener) {
        this.changes = listener;
    }

    private void changed(String endpoint) {
        changedAt.put(endpoint, System.nanoTime());
        Consumer<String> c = changes;
        if (c != null) c.accept(endpoint);
    }

    /** Blocking (store): another node changed this subscription; takes it as the store has it now. */
    void reload(String endpoint) {
        changedAt.put(endpoint, System.nanoTime());
        Optional<PushSubscription> s = store.get(endpoint);
        if (s.isEmpty()) forget(endpoint);
        else if (!same(s.get())) rememberQuietly(s.get());
    }

    /**
     * Blocking (store): makes the subscriptions in memory those of the store (a notice lost while NATS
     * was away), leaving alone any changed while the store was read, which the newer notice settled.
     */
    void resync() {
        long t0 = System.nanoTime() - 1_000_000_000L; // notices that raced the read
        List<PushSubscription> all = store.all();
        Set<String> inStore = new HashSet<>();
        int added = 0, dropped = 0;
        for (PushSubscription s : all) {
            inStore.add(s.endpoint());
            if (recent(s.endpoint(), t0) || same(s)) continue;
            rememberQuietly(s);
            added++;
        }
        for (String endpoint : List.copyOf(subscriptions.keySet()))
            if (!inStore.contains(endpoint) && !recent(endpoint, t0) && forget(endpoint)) dropped++;
        changedAt.values().removeIf(at -> at - t0 < -60_000_000_000L);
        if (added + dropped > 0)
            PushOrigin.log.info(
                    "push subscriptions resynced from the store: {} new or changed, {} gone", added, dropped);
    }

    private boolean recent(String endpoint, long since) {
        Long at = changedAt.get(endpoint);
        return at != null && at - since > 0;
    }

    /** The subscription in memory is this one already (no key to parse again). */
    private boolean same(PushSubscription s) {
        Recipient r = subscriptions.get(s.endpoint());
        if (r == null) return false;
        PushSubscription m = r.sub();
        return m.drills() == s.drills()
                && m.zones().equals(s.zones())
                && Arrays.equals(m.p256dh(), s.p256dh())
                && Arrays.equals(m.auth(), s.auth());
    }

    private void rememberQuietly(PushSubscription s) {
        try {
            remember(s);
        } catch (IllegalArgumentException e) { // a key no provider takes: skipped, not a failed start
            PushOrigin.log.warn("push subscription to {} skipped: {}", Vapid.audience(s.endpoint()), e.getMessage());
        }
    }

    public int size() {
        return subscriptions.size();
    }

    /**
     * Counters for the API: subscriptions, pushes sent, failed, expired subscriptions removed, dropped,
     * retries, and in a cluster the shares this node pushed.
     */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptions", subscriptions.size());
        m.put("sent", sent.get());
        m.put("failed", failed.get());
        m.put("removed", removed.get());
        m.put("dropped", dropped.get());
        m.put("retries", retries.get());
        if (shared) {
            m.put("shares", shares.get()); // shares of events this node pushed
            m.put("shares_retaken", sharesRetaken.get()); // of which delivered before (a dead node's, or given back)
        }
        m.put("crypto", EcProvider.name());
        return m;
    }

    /**
     * Any thread: one push per subscription the event reaches. The plaintext is made once per event.
     * The audience is found on a thread of its own, in the order of the events, so that the other
     * deliveries of this event and the next events are not kept waiting while the subscriptions of a
     * large zone are gathered; when {@link #FANOUT_QUEUE} events wait there, the caller waits too
     * rather than lose one.
     */
    public void onEvent(EncodedEvent e) {
        if (closed) return;
        fanout.execute(() -> fanOut(e));
    }

    private void fanOut(EncodedEvent e) {
        if (closed) return;
        Set<Recipient> to = audience(e);
        if (to.isEmpty()) return;
        DeliveryReports.Tally tally = reports.start(CHANNEL, e);
        push(message(e), List.copyOf(to), tally);
    }

    /** Whether {@code e} reaches at least one subscription. */
    boolean reaches(EncodedEvent e) {
        for (String z : e.reach()) {
            Set<Recipient> set = byZone.get(z);
            if (set != null)
                for (Recipient r : set) if (Audience.admits(e, r.sub().drills())) return true;
        }
        return false;
    }

    /** The subscriptions {@code e} reaches, each once. */
    Set<Recipient> audience(EncodedEvent e) {
        Set<Recipient> to = new LinkedHashSet<>();
        for (String z : e.reach()) {
            Set<Recipient> set = byZone.get(z);
            if (set != null)
                for (Recipient r : set) if (Audience.admits(e, r.sub().drills())) to.add(r);
        }
        return to;
    }

    /** What every push of {@code e} carries (its plaintext made once), without its counter. */
    Message message(EncodedEvent e) {
        return new Message(
                PushPayload.of(e),
                ttl(e.event().alert(), settings.ttlSeconds(), clock.instant()),
                e.event().alert().status() == AlertStatus.ACTUAL,
                null);
    }

    /**
     * Any thread: queues one push of {@code m} to each of {@code to} on the lanes of their push
     * services; the returned progress completes once every one of them got its final answer.
     */
    Progress push(Message m, List<Recipient> to, DeliveryReports.Tally tally) {
        tally.planned(to.size());
        Progress p = new Progress(tally, to.size());
        if (closed) {
            to.forEach(r -> p.dropped());
            return p;
        }
        Message counted = new Message(m.plaintext(), m.ttl(), m.actual(), p);
        Map<String, List<Job>> byOrigin = new HashMap<>();
        for (Recipient r : to)
            byOrigin.computeIfAbsent(r.origin(), o -> new ArrayList<>()).add(new Job(r, counted, 1));
        byOrigin.forEach((origin, jobs) -> {
            PushOrigin lane = origins.computeIfAbsent(origin, o -> new PushOrigin(this, o));
            lane.addAll(jobs);
            lane.kick();
        });
        return p;
    }

    /**
     * How long a push service should keep the message: until the alert's own end, at most {@code
     * max}; an all-clear or an alert with no end keeps {@code max}.
     */
    public static int ttl(Alert a, int max, Instant now) {
        if (!a.active() || a.expiresAt() == null) return max;
        long left = Duration.between(now, a.expiresAt()).getSeconds();
        return (int) Math.max(0, Math.min(max, left));
    }

    @Override
    public void close() {
        closed = true;
        fanout.shutdownNow();
        origins.values().forEach(PushOrigin::close);
        client.close();
        crypto.close();
    }
}
