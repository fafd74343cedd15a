package org.tryvoha.delivery.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.auth.Operators;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.mqtt.SirenFleet.Out;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Publishes zone state, events, the oblast strings, Home Assistant discovery and siren commands to
 * an external MQTT broker, and listens to the sirens.
 *
 * <p>{@link #onEvent} is called in the bus handler (the committing thread on one node, the NATS
 * delivery thread in a cluster) and only records what changed (bounded), so publishing never delays
 * the other channels. Everything else runs on this delivery's own Vert.x context. Retained messages
 * are coalesced per topic (latest wins), so an absent broker costs at most one message per topic;
 * events (not retained) wait in a queue of {@value #MAX_EVENTS}, the oldest dropped first.
 * Delivery: QoS 1, up to {@value #MAX_INFLIGHT} messages awaiting their PUBACK.
 *
 * <p>Reconnects: the session is persistent (clean session off, one client id per process). On the
 * first connect, and whenever the broker answers that it has no session for us (it lost its state:
 * a restart without persistence), the whole retained set is published again (every zone's state,
 * the oblast strings, discovery, siren commands). When the broker kept the session it kept the
 * retained messages too: only what changed while away, and what was sent but not acknowledged, goes
 * out again — a dropped connection costs tens of messages, not thousands. A clean {@link #close}
 * removes the session from the broker.
 *
 * <p>Messages from devices (the sirens' topics) never cut the connection: the client's decoder
 * accepts any size the protocol allows, and {@link InboundGuard} drops (and counts, by reason) what is
 * larger than {@code mqtt-max-inbound-bytes}, not UTF-8, unreadable or unknown, and whatever its
 * handling throws.
 */
public final class MqttDelivery implements Feature, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttDelivery.class);
    /** QoS 1 messages awaiting the broker's PUBACK; a fleet's commands go out in windows of this many. */
    static final int MAX_EVENTS = 1000, MAX_INFLIGHT = 1000, MAX_BACKOFF_MS = 30_000;
    /**
     * The largest packet MQTT 3.1.1 can carry (remaining length 268,435,455). The client's decoder
     * must accept it: with the default limit (8,092 bytes) one larger message from any device put the
     * decoder in a failed state and closed the connection, and every reconnect republished the whole
     * retained set. Our own, much smaller, limit is applied per message by {@link InboundGuard}.
     */
    static final int PROTOCOL_MAX_MESSAGE = 268_435_455;
    /** Why a message from a device was dropped: the label of {@code tryvoha_mqtt_inbound_dropped_total}. */
    public static final List<String> INBOUND_DROP_REASONS = InboundGuard.REASONS;

    private final Vertx vertx;
    private final Operators operators;
    private final MqttSettings settings;
    private final ZoneTree tree;
    private final ZoneState state;
    private final ZoneMessages messages;
    private final SirenFleet fleet;
    private final Context context;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong(), connects = new AtomicLong(), resyncs = new AtomicLong();
    private final InboundGuard inbound;
    private final String clientId = "tryvoha-" + UUID.randomUUID().toString().substring(0, 8);

    // handed over from the bus thread, guarded by `lock`
    private final Object lock = new Object();
    private Set<String> dirty = new HashSet<>();
    private ArrayDeque<AlertEvent> incoming = new ArrayDeque<>();
    private boolean scheduled;

    // confined to `context`
    private final Map<String, byte[]> lastState = new HashMap<>();
    private final LinkedHashMap<String, Out> pending = new LinkedHashMap<>();
    private final ArrayDeque<Out> events = new ArrayDeque<>();
    private final Map<Integer, Out> unacked = new HashMap<>(); // packet id → sent, no PUBACK yet
    private boolean everConnected;
    private MqttClient client;
    private volatile boolean connected;
    private boolean closed;
    private int inflight;
    private long backoffMs = 500;
    // the signed event JSON, the same as on the streams
    private volatile Function<AlertEvent, byte[]> eventJson = ZoneMessages::event;

    private MqttDelivery(
            Vertx vertx, MqttSettings settings, ZoneTree tree, ZoneState state, SirenFleet fleet, Operators operators) {
        this.vertx = vertx;
        this.operators = operators;
        this.settings = settings;
        this.tree = tree;
        this.state = state;
        this.messages = new ZoneMessages(tree);
        this.fleet = fleet;
        this.context = vertx.getOrCreateContext();
        this.inbound = new InboundGuard(fleet, settings.maxInboundBytes());
    }

    /**
     * From the {@code mqtt-*} settings: creates the delivery (event messages signed by {@code signer})
     * and, when an MQTT URL is configured, starts connecting in the background.
     */
    public static MqttDelivery start(
            Vertx vertx,
            Config.Source settings,
            ZoneTree tree,
            ZoneState state,
            EventSigner signer,
            Operators operators) {
        MqttDelivery d = start(vertx, MqttSettings.from(settings), tree, state, operators);
        d.signWith(signer);
        return d;
    }

    /** {@code GET /api/v1/sirens} (operators only) and the {@code /sirens} page. */
    @Override
    public void mount(Routes routes) {
        SirenRoutes.mount(routes.router(), vertx, operators, this);
    }

    /** Notes the change; never blocks. */
    @Override
    public void onEvent(EncodedEvent event) {
        onEvent(event.event());
    }

    /** Creates the delivery and, when an MQTT URL is configured, starts connecting in the background. */
    public static MqttDelivery start(Vertx vertx, MqttSettings s, ZoneTree tree, ZoneState state, Operators operators) {
        SirenFleet fleet = new SirenFleet(
                SirenRegistry.load(s.sirensFile(), tree),
                tree,
                s.prefix(),
                s.sirenAckSeconds(),
                s.sirenSilentSeconds(),
                Clock.systemUTC());
        MqttDelivery d = new MqttDelivery(vertx, s, tree, state, fleet, operators);
        d.messages.haZones(s.haZones()); // fail at start on unknown ids
        if (s.enabled()) {
            log.info("MQTT delivery to {} with topic prefix '{}'", MqttSettings.endpoint(s.url()), s.prefix());
            d.context.runOnContext(v -> d.connect());
        }
        return d;
    }

    /** Event messages carry the signature made for the streams. */
    public void signWith(EventSigner signer) {
        eventJson = e -> signer.json(e).getBytes(StandardCharsets.UTF_8);
    }

    /** Bus thread: note what changed and wake the delivery context. Never blocks for long. */
    public void onEvent(AlertEvent e) {
        if (!settings.enabled()) return;
        synchronized (lock) {
            dirty.addAll(e.alert().zones());
            dirty.addAll(e.previousZones());
            incoming.add(e);
            if (incoming.size() > MAX_EVENTS) {
                incoming.poll();
                dropped.incrementAndGet();
            }
            if (scheduled) return;
            scheduled = true;
        }
        context.runOnContext(v -> flush());
    }

    public SirenFleet fleet() {
        return fleet;
    }

    /** For the API: enabled, connected, broker, prefix, events dropped. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", settings.enabled());
        m.put("connected", connected);
        m.put(
                "broker",
                settings.enabled() ? MqttSettings.endpoint(settings.url()).toString() : null);
        m.put("topic_prefix", settings.prefix());
        m.put("dropped_events", dropped.get());
        m.put("connects", connects.get());
        m.put("full_resyncs", resyncs.get());
        m.put("published", published.get());
        m.put("max_inbound_bytes", settings.maxInboundBytes());
        m.put("inbound_dropped", inbound.counts());
        return m;
    }

    public boolean connected() {
        return connected;
    }

    /** Messages from devices dropped for {@code reason} (one of {@link #INBOUND_DROP_REASONS}) since the start. */
    public long inboundDropped(String reason) {
        return inbound.dropped(reason);
    }

    /** Connections made to the broker since the start (the first one included). */
    public long connects() {
        return connects.get();
    }

    /** Messages handed to the broker since the start. */
    public long published() {
        return published.get();
    }

    private void flush() {
        Set<String> zones;
        ArrayDeque<AlertEvent> evs;
        synchronized (lock) {
            zones = dirty;
            evs = incoming;
            dirty = new HashSet<>();
            incoming = new ArrayDeque<>();
            scheduled = false;
        }
        ZoneState.Snapshot s = state.snapshot(); // at least as new as every event taken above
        Set<Zone> affected = messages.affected(zones, new HashSet<>());
        // the sirens first: their commands go out before the zone states of the same change
        for (Out o : fleet.update(s, affected)) pending.put(o.topic(), o);
        for (Zone z : affected) {
            retained(ZoneMessages.stateTopic(settings.prefix(), z.id()), messages.state(s, z), false);
        }
        oblastStrings(s, false);
        for (AlertEvent e : evs) {
            // a drill never reaches the topic of real events: it has its own
            String topic =
                    settings.prefix() + (e.alert().status() == AlertStatus.ACTUAL ? "/events" : "/drills/events");
            events.add(new Out(topic, eventJson.apply(e), false));
            if (events.size() > MAX_EVENTS) {
                events.poll();
                dropped.incrementAndGet();
            }
        }
        drain();
    }

    /** Queues a retained message unless the same bytes were already queued or sent (or {@code force}). */
    private void retained(String topic, byte[] payload, boolean force) {
        if (!force && Arrays.equals(lastState.get(topic), payload)) return;
        lastState.put(topic, payload);
        pending.put(topic, new Out(topic, payload, true));
    }

    /** The public oblast string (real alerts only) and the drills' own one. */
    private void oblastStrings(ZoneState.Snapshot s, boolean force) {
        String p = settings.prefix();
        retained(p + "/oblasts", messages.oblastString(s).getBytes(StandardCharsets.UTF_8), force);
        retained(p + "/drills/oblasts", messages.drillString(s).getBytes(StandardCharsets.UTF_8), force);
    }

    /** The whole retained set, again: after the first connect, and after a broker that lost our session. */
    private void resync() {
        resyncs.incrementAndGet();
        ZoneState.Snapshot s = state.snapshot();
        String p = settings.prefix();
        retained(p + "/status", "online".getBytes(StandardCharsets.UTF_8), true);
        for (Zone z : messages.haZones(settings.haZones())) {
            retained(
                    settings.discoveryPrefix() + "/binary_sensor/tryvoha_" + z.id() + "/config",
                    messages.discovery(p, z),
                    true);
        }
        for (Zone z : tree.all()) retained(ZoneMessages.stateTopic(p, z.id()), messages.state(s, z), true);
        oblastStrings(s, true);
        fleet.update(s, null).forEach(o -> pending.put(o.topic(), o));
    }

    private void drain() {
        while (connected && inflight < MAX_INFLIGHT) {
            Out o = events.poll();
            if (o == null) {
                var it = pending.values().iterator();
                if (!it.hasNext()) return;
                o = it.next();
                it.remove();
            }
            send(o);
        }
    }

    private void send(Out o) {
        inflight++;
        published.incrementAndGet();
        MqttClient c = client;
        c.publish(o.topic(), Buffer.buffer(o.payload()), MqttQoS.AT_LEAST_ONCE, false, o.retain())
                .onSuccess(id -> {
                    if (c == client) unacked.put(id, o);
                })
                .onFailure(err -> {
                    if (c != client) return;
                    inflight--;
                    if (o.retain()) pending.putIfAbsent(o.topic(), o); // a newer one, if queued, wins
                });
    }

    /** What was sent on the lost connection but never acknowledged goes out again (a newer retained one wins). */
    private void resendUnacked() {
        List<Out> again = new ArrayList<>(unacked.values());
        unacked.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            Out o = again.get(i);
            if (o.retain()) pending.putIfAbsent(o.topic(), o);
            else events.addFirst(o);
        }
    }

    private void connect() {
        if (closed) return;
        MqttSettings.Endpoint ep = MqttSettings.endpoint(settings.url());
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(false)
                .setMaxMessageSize(PROTOCOL_MAX_MESSAGE)
                .setKeepAliveInterval(30)
                .setMaxInflightQueue(MAX_INFLIGHT)
                .setAutoKeepAlive(true)
                .setWillFlag(true)
                .setWillTopic(settings.prefix() + "/status")
                .setWillMessageBytes(Buffer.buffer("offline"))
                .setWillQoS(1)
                .setWillRetain(true);
        if (settings.username() != null) o.setUsername(settings.username()).setPassword(settings.password());
        MqttClient c = MqttClient.create(vertx, o);
        client = c;
        c.publishCompletionHandler(id -> onCompleted(c, id));
        c.publishCompletionExpirationHandler(id -> onCompleted(c, id));
        c.publishHandler(m -> inbound.accept(m.topicName(), m.payload()));
        c.exceptionHandler(err -> log.warn("MQTT connection to {}: {}", ep, err.toString()));
        c.closeHandler(v -> onClosed(c));
        c.connect(ep.port(), ep.host())
                .onSuccess(ack -> onConnected(c, ep, ack.isSessionPresent()))
                .onFailure(err -> {
                    log.warn("MQTT broker {} unreachable: {}; retrying in {} ms", ep, err.getMessage(), backoffMs);
                    retry();
                });
    }

    private void onConnected(MqttClient c, MqttSettings.Endpoint ep, boolean sessionPresent) {
        if (closed) {
            c.disconnect();
            return;
        }
        boolean full = !everConnected || !sessionPresent;
        log.info(
                "MQTT connected to {}{}",
                ep,
                !everConnected
                        ? ""
                        : sessionPresent
                                ? " (the broker kept our session: only what changed is sent again)"
                                : " (the broker lost our session: the whole retained set is sent again)");
        everConnected = true;
        connected = true;
        connects.incrementAndGet();
        inflight = 0;
        backoffMs = 500;
        if (!fleet.isEmpty()) {
            // QoS 0: the broker writes the sirens' heartbeats and acks straight through. At QoS 1 it keeps
            // only a few in flight to us (Mosquitto: 20) and drops what overflows its queue (1,000), so a
            // fleet acknowledging one activation at once lost acks and "online"s (seen with 1,000 sirens).
            Map<String, Integer> subs = new LinkedHashMap<>();
            fleet.subscriptions().forEach(t -> subs.put(t, 0));
            c.subscribe(subs);
        }
        resendUnacked();
        if (full) resync();
        // our last will may have said offline when the connection dropped
        else retained(settings.prefix() + "/status", "online".getBytes(StandardCharsets.UTF_8), true);
        drain();
    }

    private void onCompleted(MqttClient c, int id) {
        if (c != client) return;
        unacked.remove(id);
        inflight = Math.max(0, inflight - 1);
        drain();
    }

    private void onClosed(MqttClient c) {
        if (c != client || !connected) return;
        connected = false;
        inflight = 0;
        if (closed) return;
        log.warn("MQTT connection to {} lost; reconnecting", MqttSettings.endpoint(settings.url()));
        retry();
    }

    private void retry() {
        if (closed) return;
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        vertx.setTimer(delay, t -> context.runOnContext(v -> connect()));
    }

    /**
     * Says {@code offline} on the status topic (a clean disconnect suppresses the will), disconnects,
     * and removes our persistent session from the broker (a clean-session connect with the same client
     * id); waits up to 2 s.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            closed = true;
            if (client == null || !connected) {
                done.complete(null);
                return;
            }
            MqttClient c = client;
            MqttSettings.Endpoint ep = MqttSettings.endpoint(settings.url());
            MqttClientOptions clean =
                    new MqttClientOptions().setClientId(clientId).setCleanSession(true);
            if (settings.username() != null)
                clean.setUsername(settings.username()).setPassword(settings.password());
            MqttClient wipe = MqttClient.create(vertx, clean);
            c.publish(settings.prefix() + "/status", Buffer.buffer("offline"), MqttQoS.AT_MOST_ONCE, false, true)
                    .compose(id -> c.disconnect())
                    .compose(x -> wipe.connect(ep.port(), ep.host()))
                    .compose(ack -> wipe.disconnect())
                    .onComplete(r -> done.complete(null));
        });
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }
}
