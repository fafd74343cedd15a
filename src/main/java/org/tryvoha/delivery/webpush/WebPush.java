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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
        static Recipient of(PushSubscription s) {
            URI u = URI.create(s.endpoint());
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
            return new Recipient(s, EcProvider.publicKey(s.p256dh()), Vapid.audience(s.endpoint()), path);
        }
    }

    /** What one event pushes: the plaintext (made once), its TTL and whether it is a real alert. */
    record Message(byte[] plaintext, int ttl, boolean actual, DeliveryReports.Tally tally) {}

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

    final AtomicLong sent = new AtomicLong(),
            failed = new AtomicLong(),
            removed = new AtomicLong(),
            dropped = new AtomicLong(),
            retries = new AtomicLong();
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
        for (PushSubscription s : store.all()) {
            try {
                w.remember(s);
            } catch (IllegalArgumentException e) { // a key no provider takes: skipped, not a failed start
                PushOrigin.log.warn(
                        "push subscription to {} skipped: {}", Vapid.audience(s.endpoint()), e.getMessage());
            }
        }
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

    /** Blocking (store): forgets a subscription; false when there was none. */
    public boolean unsubscribe(String endpoint) {
        synchronized (this) {
            Recipient r = subscriptions.remove(endpoint);
            if (r != null) forget(r);
        }
        return store.delete(endpoint);
    }

    /** A push service said the subscription is gone (404, 410): forget it here and in the store. */
    void expired(Recipient r) {
        synchronized (this) {
            if (subscriptions.remove(r.sub().endpoint(), r)) forget(r);
            else return;
        }
        vertx.executeBlocking(() -> store.delete(r.sub().endpoint()), false)
                .onSuccess(v -> removed.incrementAndGet()) // counted once the store forgot it too
                .onFailure(ex -> PushOrigin.log.warn("cannot remove an expired push subscription: {}", ex.toString()));
    }

    public int size() {
        return subscriptions.size();
    }

    /** Counters for the API: subscriptions, pushes sent, failed, expired subscriptions removed, dropped, retries. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptions", subscriptions.size());
        m.put("sent", sent.get());
        m.put("failed", failed.get());
        m.put("removed", removed.get());
        m.put("dropped", dropped.get());
        m.put("retries", retries.get());
        m.put("crypto", EcProvider.name());
        return m;
    }

    /** Any thread: one push per subscription the event reaches. The plaintext is made once per event. */
    public void onEvent(EncodedEvent e) {
        if (closed) return;
        Set<Recipient> to = new LinkedHashSet<>();
        for (String z : e.reach()) {
            Set<Recipient> set = byZone.get(z);
            if (set != null)
                for (Recipient r : set) if (Audience.admits(e, r.sub().drills())) to.add(r);
        }
        if (to.isEmpty()) return;
        DeliveryReports.Tally tally = reports.start(CHANNEL, e);
        tally.planned(to.size());
        Message m = new Message(
                PushPayload.of(e),
                ttl(e.event().alert(), settings.ttlSeconds(), clock.instant()),
                e.event().alert().status() == AlertStatus.ACTUAL,
                tally);
        Map<String, List<Job>> byOrigin = new HashMap<>();
        for (Recipient r : to)
            byOrigin.computeIfAbsent(r.origin(), o -> new ArrayList<>()).add(new Job(r, m, 1));
        byOrigin.forEach((origin, jobs) -> {
            PushOrigin lane = origins.computeIfAbsent(origin, o -> new PushOrigin(this, o));
            lane.addAll(jobs);
            lane.kick();
        });
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
        origins.values().forEach(PushOrigin::close);
        client.close();
        crypto.close();
    }
}
