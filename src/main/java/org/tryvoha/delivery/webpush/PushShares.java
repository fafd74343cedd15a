package org.tryvoha.delivery.webpush;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.tryvoha.bus.nats.NatsWorkQueue;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.stream.DeliveryReports;

/**
 * The pushes of one event spread over the nodes of a cluster. Each event that reaches a subscription
 * is cut into {@code push-share-buckets} shares, share {@code k} being the subscriptions whose
 * endpoint {@link #bucket hashes} to {@code k}; every node publishes every share to a NATS work queue
 * (id {@code seq:k}, kept once), and each node takes shares from it, pushes them, and finishes a
 * share only when each of its pushes got its final answer. A node that dies holding a share loses
 * none of it: the share goes to another node after {@code push-share-ack-wait-seconds}, which pushes
 * all of it again (a few browsers may get that push twice).
 *
 * <p>Every node holds every subscription: a change on one node is told to the others, which read it
 * again from the shared store, and each node compares all of them with the store every {@code
 * push-share-resync-seconds} (a notice lost while NATS was away).
 *
 * <p>Thread-safety: {@link #onEvent} on the bus thread; shares are taken on the queue's thread and
 * pushed on the lanes; the share tables are guarded by {@code this}.
 */
final class PushShares implements AutoCloseable {
    static final String TOPIC = "push-subscriptions";
    /**
     * Shares are published only for an event at most this old when the node hears of it: the work
     * queue drops repeats for two minutes, and a node catching up later would make them anew.
     */
    static final Duration FRESH = Duration.ofSeconds(60);
    /** Events whose shares a node can still take (by sequence); older shares are left to other nodes. */
    static final int KEEP_EVENTS = 256;
    /** Events whose recipients stay grouped by bucket in memory (the groups hold every recipient). */
    static final int KEEP_GROUPS = 8;
    /** A share of an event this node has not heard of yet is offered again after this. */
    static final Duration NOT_YET = Duration.ofMillis(100);
    /** A share of an event this node no longer holds (or started after) is left to others this long. */
    static final Duration NOT_HERE = Duration.ofSeconds(2);

    /** One share: the subscriptions of event {@code seq} whose endpoint falls in {@code bucket} of {@code buckets}. */
    record Share(long seq, int bucket, int buckets) {
        String id() {
            return seq + ":" + bucket;
        }

        byte[] bytes() {
            return (seq + " " + bucket + " " + buckets).getBytes(StandardCharsets.US_ASCII);
        }

        static Share parse(byte[] b) {
            String[] f = new String(b, StandardCharsets.US_ASCII).split(" ");
            if (f.length != 3) throw new IllegalArgumentException("not a push share: " + new String(b));
            Share s = new Share(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            if (s.buckets < 1 || s.bucket < 0 || s.bucket >= s.buckets)
                throw new IllegalArgumentException("not a push share: " + s);
            return s;
        }
    }

    /**
     * The bucket of an endpoint among {@code buckets}: the same on every node and every JVM
     * ({@link String#hashCode} is specified), spread by a 32-bit mixer so near-identical endpoints
     * land apart.
     */
    static int bucket(String endpoint, int buckets) {
        int h = endpoint.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }

    /** What this node holds of one event: made when it hears of it, filled when it takes a share. */
    private static final class Held {
        final EncodedEvent event;
        WebPush.Message message;
        DeliveryReports.Tally tally;
        List<List<WebPush.Recipient>> groups;
        int groupsOf;

        Held(EncodedEvent event) {
            this.event = event;
        }
    }

    private final WebPush push;
    private final NatsWorkQueue queue;
    private final int buckets;
    private final boolean writes;
    private final DeliveryReports reports;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("tryvoha-push-shares").daemon().factory());
    /** One at a time, in the order the notices came: a subscribe then an unsubscribe must end unsubscribed. */
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("tryvoha-push-reload").daemon().factory());

    private final LinkedHashMap<Long, Held> held = new LinkedHashMap<>();
    private long lastSeq; // guarded by this
    private final long timer;
    private final Vertx vertx;

    /**
     * Starts taking shares and listening for subscription changes.
     *
     * @param writes whether this node pushes a whole event itself when it cannot publish its shares
     */
    PushShares(
            Vertx vertx,
            WebPush push,
            NatsWorkQueue queue,
            WebPushSettings s,
            boolean writes,
            DeliveryReports reports) {
        this.vertx = vertx;
        this.push = push;
        this.queue = queue;
        this.buckets = s.shareBuckets();
        this.writes = writes;
        this.reports = reports;
        push.onChange(endpoint -> queue.notice(TOPIC, endpoint.getBytes(StandardCharsets.UTF_8)));
        queue.listen(TOPIC, b -> {
            String endpoint = new String(b, StandardCharsets.UTF_8);
            try {
                reloader.execute(() -> reload(endpoint));
            } catch (RejectedExecutionException closing) {
                // shutting down: nothing to keep in step
            }
        });
        this.timer = vertx.setPeriodic(
                s.shareResyncSeconds() * 1000L,
                id -> vertx.executeBlocking(
                                () -> {
                                    push.resync();
                                    return null;
                                },
                                false)
                        .onFailure(ex -> PushOrigin.log.warn("push subscription resync failed: {}", ex.toString())));
        queue.start(this::take);
    }

    private void reload(String endpoint) {
        try {
            push.reload(endpoint);
        } catch (RuntimeException ex) { // the store is away: the next resync makes it good
            PushOrigin.log.warn("cannot reload a push subscription: {}", ex.toString());
        }
    }

    /** Bus thread: keeps the event for its shares, and publishes them when it reaches anyone. */
    void onEvent(EncodedEvent e) {
        synchronized (this) {
            held.put(e.seq(), new Held(e));
            lastSeq = Math.max(lastSeq, e.seq());
            if (held.size() > KEEP_EVENTS) held.pollFirstEntry();
        }
        if (!push.reaches(e)) return;
        if (Duration.between(e.event().at(), Instant.now()).compareTo(FRESH) > 0) {
            PushOrigin.log.debug("event {} heard of late: its push shares are not published again", e.seq());
            return;
        }
        try {
            publisher.execute(() -> publish(e));
        } catch (RejectedExecutionException closing) {
            // the node is shutting down: the other nodes publish the shares
        }
    }

    private void publish(EncodedEvent e) {
        long giveUp = System.nanoTime() + FRESH.toNanos();
        for (int k = 0; k < buckets; k++) {
            Share s = new Share(e.seq(), k, buckets);
            try {
                queue.publish(s.id(), s.bytes(), giveUp);
            } catch (IOException ex) {
                if (!publisher.isShutdown()) gaveUp(e, ex);
                return;
            }
        }
    }

    /** NATS stayed away: a writing node pushes the whole event itself, so that it reaches people at all. */
    private void gaveUp(EncodedEvent e, Exception why) {
        PushOrigin.log.warn(
                "gave up publishing the push shares of event {} ({}){}",
                e.seq(),
                why.toString(),
                writes ? "; pushing all of it from this node" : "");
        if (writes) push.onEvent(e);
    }

    /** The queue's thread: pushes one share, finished once every push of it is answered. */
    private void take(NatsWorkQueue.Task t) {
        Share s;
        try {
            s = Share.parse(t.data());
        } catch (RuntimeException ex) {
            PushOrigin.log.warn("{}", ex.getMessage());
            t.done(); // nobody can do it
            return;
        }
        if (push.closed) {
            t.later(Duration.ZERO);
            return;
        }
        List<WebPush.Recipient> to;
        WebPush.Message m;
        DeliveryReports.Tally tally;
        synchronized (this) {
            Held h = held.get(s.seq());
            if (h == null) {
                t.later(s.seq() > lastSeq ? NOT_YET : NOT_HERE);
                return;
            }
            if (h.groups == null || h.groupsOf != s.buckets()) {
                h.groups = group(push.audience(h.event), s.buckets());
                h.groupsOf = s.buckets();
                h.message = push.message(h.event);
                if (h.tally == null) h.tally = reports.start(WebPush.CHANNEL, h.event);
                dropOldGroups();
            }
            to = h.groups.get(s.bucket());
            m = h.message;
            tally = h.tally;
        }
        push.shares.incrementAndGet();
        if (t.delivered() > 1) push.sharesRetaken.incrementAndGet();
        push.push(m, to, tally).finished.whenComplete((v, ex) -> t.done());
    }

    static List<List<WebPush.Recipient>> group(Iterable<WebPush.Recipient> to, int buckets) {
        List<List<WebPush.Recipient>> g = new ArrayList<>(buckets);
        for (int k = 0; k < buckets; k++) g.add(new ArrayList<>());
        for (WebPush.Recipient r : to)
            g.get(bucket(r.sub().endpoint(), buckets)).add(r);
        return g;
    }

    private void dropOldGroups() {
        int withGroups = 0;
        List<Map.Entry<Long, Held>> newestFirst =
                new ArrayList<>(held.sequencedEntrySet().reversed());
        for (Map.Entry<Long, Held> en : newestFirst) {
            Held h = en.getValue();
            if (h.groups != null && ++withGroups > KEEP_GROUPS) {
                h.groups = null; // made again if a late share of it comes
                h.message = null;
            }
        }
    }

    /** Gives back the shares in hand (another node takes them at once) and stops. */
    @Override
    public void close() {
        publisher.shutdownNow();
        reloader.shutdownNow();
        vertx.cancelTimer(timer);
        queue.close();
    }
}
