package org.tryvoha.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.event.EventLog;
import org.tryvoha.json.Json;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.ZoneReach;

/**
 * Delivers committed events to live subscribers: each event is encoded once, then handed to every
 * event loop's {@link Shard} as one task; the shard writes the same bytes to the subscribers of the
 * zones the event reaches.
 *
 * <p>A subscriber that attaches first gets the current state of its zones (or, resuming, exactly the
 * events it missed), then live events, with no gap and no duplicate: it joins its buckets before the
 * state is read, and holds live events until the state or replay is written.
 */
public final class Fanout {
    /** The most missed events replayed to one subscriber; beyond that it gets a reset and the state. */
    public static final int MAX_REPLAY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Fanout.class);

    final ZoneReach reach;
    final DeliveryLatency latency = new DeliveryLatency();
    private final DeliveryReports reports = new DeliveryReports();
    private final ZoneState state;
    private final EventLog store;
    private final Vertx vertx;
    private final EventSigner signer; // every event leaves signed
    private final List<Shard> shards = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> connected = new ConcurrentHashMap<>();

    public Fanout(Vertx vertx, ZoneReach reach, ZoneState state, EventLog store, EventSigner signer) {
        this.vertx = vertx;
        this.signer = signer;
        this.reach = reach;
        this.state = state;
        this.store = store;
    }

    /** Creates the shard of an event loop; call on that loop. Heartbeats go out every interval. */
    public Shard newShard(Context context, long heartbeatMillis) {
        Shard s = new Shard(this, context);
        shards.add(s);
        vertx.setPeriodic(
                heartbeatMillis,
                heartbeatMillis,
                id -> s.heartbeat(state.snapshot().seq()));
        return s;
    }

    /**
     * Called by the bus's handler (in-process bus: on the committing thread, right after the commit),
     * in sequence order, after the zone state has applied the event. Signs and encodes it once, then
     * hands it to the event loops that hold subscribers: one task each, so the delivery waits for one
     * wake-up per loop; a loop with no subscriber is not woken (see {@link Shard#holdsSubscribers}).
     * Returns the encoded event, for the other channels to send the same bytes (webhooks, Web Push).
     */
    public EncodedEvent deliver(AlertEvent event) {
        long received = System.nanoTime();
        String signed = signer.json(event);
        EncodedEvent e = EncodedEvent.of(event, reach, signed, received);
        for (Shard s : shards) if (s.holdsSubscribers()) s.context.runOnContext(v -> s.deliver(e));
        return e;
    }

    /** Synthetic events {@link #warmUp} signs and encodes at start. */
    static final int WARM_UP_EVENTS = 200;

    /**
     * Signs and encodes {@link #WARM_UP_EVENTS} throwaway events on a worker thread, delivering none,
     * so the first real alert after a start does not pay for loading and interpreting the signing and
     * framing code: measured on this box, the first event's signature took ~450 ms in a fresh JVM and
     * the next hundred ~0.6-1 ms each (compiled and warm: ~60 µs), all on the path from the commit to
     * the first socket write. The events are never cached, published or written anywhere.
     */
    public Future<Integer> warmUp() {
        return vertx.executeBlocking(
                        () -> {
                            Instant at = Instant.now();
                            String zone = reach.tree().root().id();
                            for (int i = 1; i <= WARM_UP_EVENTS; i++) {
                                Alert a = new Alert(
                                        "warm-up-" + i,
                                        AlertType.AIR_RAID,
                                        AlertStatus.ACTUAL,
                                        List.of(zone),
                                        null,
                                        Map.of("uk", "Навчання", "en", "Warm-up"),
                                        "warm-up",
                                        at,
                                        null,
                                        at,
                                        null,
                                        true);
                                AlertEvent e = new AlertEvent(-i, EventKind.ISSUED, at, a, List.of());
                                EncodedEvent.of(e, reach, Json.MAPPER.writeValueAsString(signer.node(e)));
                            }
                            return WARM_UP_EVENTS;
                        },
                        false)
                .onFailure(t -> log.warn(
                        "delivery warm-up failed (the first alerts are signed by cold code): {}", t.toString()));
    }

    /** What the push channels did with recent events (counted by the delivery features). */
    public DeliveryReports reports() {
        return reports;
    }

    /** Delivery latency per channel, over a window of recent events. */
    public DeliveryLatency latency() {
        return latency;
    }

    /** Connected subscribers per channel ("sse", "ws"). */
    public Map<String, Long> connected() {
        Map<String, Long> out = new TreeMap<>();
        connected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void joined(Subscriber s) {
        connected.computeIfAbsent(s.channel, k -> new AtomicLong()).incrementAndGet();
    }

    void left(Subscriber s) {
        connected.computeIfAbsent(s.channel, k -> new AtomicLong()).decrementAndGet();
    }

    /**
     * Anchors {@code sub} at {@code anchors} and starts it: with {@code resumeAfter < 0} it first gets
     * the state of its zones; otherwise every event after {@code resumeAfter} that concerns them. Call
     * on the subscriber's event loop.
     */
    public void attach(Subscriber sub, List<String> anchors, long resumeAfter, boolean firstTime) {
        if (firstTime) joined(sub);
        sub.catchingUp();
        sub.shard.index(sub, anchors);
        if (resumeAfter < 0) {
            sub.sendState(state.snapshot());
            sub.goLive();
            return;
        }
        List<String> zones = List.copyOf(anchors);
        vertx.executeBlocking(() -> replay(resumeAfter, zones), false).onComplete(ar -> {
            if (sub.closed()) return;
            if (ar.failed()) {
                sub.close("could not read the event log: " + ar.cause().getMessage());
                return;
            }
            Replay r = ar.result();
            if (r.reset != null) {
                sub.writeControl("reset", -1, EncodedEvent.toJson(Map.of("type", "reset", "reason", r.reset)));
                sub.sendState(state.snapshot());
            } else {
                for (AlertEvent e : r.events) {
                    EncodedEvent enc = EncodedEvent.of(e, reach, signer.json(e));
                    if (!sub.accepts(enc)) continue; // a drill for a subscriber that did not opt in
                    sub.writeEvent(enc);
                    sub.lastSent = Math.max(sub.lastSent, e.seq());
                }
            }
            sub.goLive();
        });
    }

    private record Replay(List<AlertEvent> events, String reset) {}

    private Replay replay(long after, List<String> anchors) {
        long last = store.lastSeq();
        if (after > last)
            return new Replay(List.of(), "event id " + after + " is beyond the end of the log (" + last + ")");
        List<AlertEvent> out = new ArrayList<>();
        long cursor = after;
        while (cursor < last) {
            List<AlertEvent> batch = store.events(cursor, 1000);
            if (batch.isEmpty()) break;
            for (AlertEvent e : batch) {
                if (reach.touches(ZoneReach.union(e.alert().zones(), e.previousZones()), anchors)) out.add(e);
            }
            if (out.size() > MAX_REPLAY)
                return new Replay(List.of(), "more than " + MAX_REPLAY + " events were missed");
            cursor = batch.get(batch.size() - 1).seq();
        }
        return new Replay(out, null);
    }

    /** Subscribers held now, over all shards (approximate while they change). */
    public int size() {
        int n = 0;
        for (Shard s : shards) n += s.size();
        return n;
    }
}
