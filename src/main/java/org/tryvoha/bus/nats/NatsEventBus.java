package org.tryvoha.bus.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.bus.EventBus;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventLog;
import org.tryvoha.json.Json;
import org.tryvoha.security.Redact;

/**
 * The cluster bus: committed events go through a NATS JetStream stream, and every node, the
 * publishing one included, consumes it to update its zone state and fan out to its own subscribers.
 *
 * <p>Ordering and completeness: the stream is only the fast path; the store (shared PostgreSQL) is
 * the record. Publishes from several nodes may reach the stream out of sequence order, and a node
 * may die between its commit and its publish, so the delivery thread keeps {@code applied}, the last
 * sequence its handlers saw, and:
 *
 * <ul>
 *   <li>drops every event with {@code seq <= applied} (duplicates, re-publishes, late arrivals);
 *   <li>on {@code seq > applied + 1} reads the missing events from the store first (an event that
 *       is visible implies every smaller one is committed, see the stores' contract);
 *   <li>every {@link #REPAIR_MILLIS} compares {@code applied} with the store's last sequence and
 *       reads what it lacks, so an event whose publish was lost, or published while NATS was down,
 *       still reaches every node within about a second.
 * </ul>
 *
 * Handlers therefore see every committed event exactly once, in sequence order, on one thread
 * ({@code tryvoha-bus}), starting after the sequence given at construction (the state the node
 * rebuilt from the store). Unlike {@link EventBus}'s general contract, publish may be called out of
 * sequence order, from several nodes.
 *
 * <p>Publishing never blocks on NATS: events wait in a bounded outbox and a publisher thread sends
 * each with {@code Nats-Msg-Id} = its sequence (the stream drops duplicates within its duplicate
 * window), retrying while NATS is away for up to {@link #PUBLISH_GIVE_UP}; an event it gives up on
 * still reaches every node through the store check above.
 */
public final class NatsEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(NatsEventBus.class);
    public static final String DEFAULT_STREAM = "TRYVOHA";
    public static final long REPAIR_MILLIS = 1_000;
    static final Duration PUBLISH_GIVE_UP = Duration.ofSeconds(60);
    static final int QUEUE_CAPACITY = 65_536;
    static final int STORE_BATCH = 1_000;

    /**
     * @param url one or more NATS URLs, comma-separated ({@code nats://127.0.0.1:4222})
     * @param stream the JetStream stream name; its subject is {@code <stream>.events}
     * @param nodeId this node's name, sent as the connection name and a header
     */
    public record Settings(String url, String stream, String nodeId) {}

    private final Settings settings;
    private final String subject;
    private final EventLog store;
    private final Connection nc;
    private final JetStream js;
    private final MessageConsumer consumer;
    private final List<Consumer<AlertEvent>> handlers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<AlertEvent> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<AlertEvent> outbox = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Sequencer sequencer;
    private volatile Thread deliverer;
    private final Thread publisher;
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile boolean closed;

    private NatsEventBus(Settings s, EventLog store, long appliedSeq, Connection nc)
            throws IOException, JetStreamApiException {
        this.settings = s;
        this.subject = s.stream() + ".events";
        this.store = store;
        this.nc = nc;
        this.js = nc.jetStream();
        Streams.ensure(nc, s.stream(), subject);
        this.sequencer = new Sequencer(store, appliedSeq, this::handle);
        // only new messages: what was committed before is read from the store by the first repair
        this.consumer = nc.getStreamContext(s.stream())
                .createOrderedConsumer(new OrderedConsumerConfiguration()
                        .filterSubject(subject)
                        .deliverPolicy(DeliverPolicy.New))
                .consume(this::received);
        this.publisher =
                Thread.ofPlatform().name("tryvoha-bus-publish").daemon().start(this::publishLoop);
    }

    /**
     * Connects to NATS, creates the stream when it does not exist, and starts consuming.
     *
     * @param appliedSeq the sequence the node's state already includes; handlers get what follows
     * @throws IllegalStateException when NATS cannot be reached or has no JetStream, saying what to do
     */
    public static NatsEventBus open(Settings s, EventLog store, long appliedSeq) {
        Connection nc;
        try {
            nc = Nats.connect(options(s));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot connect to NATS at " + s.url() + ": " + e.getMessage()
                            + " (is nats-server running with JetStream, -js? check nats-url)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
        try {
            return new NatsEventBus(s, store, appliedSeq, nc);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(nc);
            throw new IllegalStateException(
                    "cannot use the JetStream stream '" + s.stream() + "' on " + s.url() + ": " + e.getMessage()
                            + " (is JetStream enabled on the server, -js?)",
                    e);
        }
    }

    private static Options options(Settings s) {
        return Options.builder()
                .servers(s.url().split(","))
                .connectionName("tryvoha " + s.nodeId())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(3))
                .connectionListener((conn, type) -> {
                    if (type == ConnectionListener.Events.DISCONNECTED
                            || type == ConnectionListener.Events.RECONNECTED) {
                        log.warn("NATS {}: {}", type.getEvent(), Redact.secrets(s.url())); // no credentials in logs
                    }
                })
                .errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        log.debug("NATS: {}", exp.toString()); // disconnects are reported by the listener above
                    }
                })
                .build();
    }

    @Override
    public void publish(AlertEvent event) {
        if (closed) throw new IllegalStateException("event bus is closed");
        // the event is committed: a full outbox only delays it (the store check delivers it)
        if (!outbox.offer(event))
            log.warn("NATS outbox full; event {} will reach the nodes from the store", event.seq());
    }

    /** Registers a handler; the first one starts delivery (catch-up from the store first). */
    @Override
    public synchronized void subscribe(Consumer<AlertEvent> handler) {
        handlers.add(handler);
        if (deliverer == null)
            deliverer = Thread.ofPlatform().name("tryvoha-bus").daemon().start(this::deliverLoop);
    }

    private void received(Message m) {
        AlertEvent e;
        try {
            e = Json.MAPPER.readValue(m.getData(), AlertEvent.class);
        } catch (IOException | RuntimeException ex) {
            log.error(
                    "undecodable message on {} (stream seq {}): {}",
                    m.getSubject(),
                    m.metaData().streamSequence(),
                    ex.toString());
            return;
        }
        try {
            inbound.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverLoop() {
        long nextRepair = 0;
        while (!closed) {
            try {
                AlertEvent e = inbound.poll(REPAIR_MILLIS, TimeUnit.MILLISECONDS);
                if (e != null) sequencer.offer(e);
                if (e == null || System.nanoTime() - nextRepair > 0) {
                    sequencer.repair();
                    nextRepair = System.nanoTime() + REPAIR_MILLIS * 1_000_000;
                }
            } catch (InterruptedException ie) {
                return;
            } catch (RuntimeException ex) {
                // the store is unreachable: keep what we have, try again at the next repair
                log.warn("bus catch-up from the store failed (applied {}): {}", sequencer.applied(), ex.getMessage());
                sleepQuietly(REPAIR_MILLIS);
            }
        }
    }

    private void handle(AlertEvent e) {
        for (Consumer<AlertEvent> h : handlers) {
            try {
                h.accept(e);
            } catch (RuntimeException ex) {
                // one broken consumer must not starve the others of later events
                log.error("event handler failed on event {}", e.seq(), ex);
            }
        }
    }

    private void publishLoop() {
        while (!closed) {
            AlertEvent e;
            try {
                e = outbox.take();
            } catch (InterruptedException ie) {
                return;
            }
            send(e);
        }
    }

    private void send(AlertEvent e) {
        byte[] data;
        try {
            data = Json.MAPPER.writeValueAsBytes(e);
        } catch (IOException ex) {
            log.error("cannot encode event {}: {}", e.seq(), ex.toString());
            return;
        }
        Headers h = new Headers().put("Tryvoha-Node", settings.nodeId());
        PublishOptions po = PublishOptions.builder()
                .messageId(Long.toString(e.seq()))
                .expectedStream(settings.stream())
                .build();
        long giveUp = System.nanoTime() + PUBLISH_GIVE_UP.toNanos();
        for (int attempt = 1; !closed; attempt++) {
            try {
                js.publish(subject, h, data, po);
                return;
            } catch (IOException | JetStreamApiException | RuntimeException ex) {
                publishFailures.incrementAndGet();
                if (System.nanoTime() - giveUp > 0) {
                    log.warn(
                            "gave up publishing event {} to NATS after {} attempts ({}); nodes read it from the store",
                            e.seq(),
                            attempt,
                            ex.getMessage());
                    return;
                }
                if (attempt == 1)
                    log.warn("publishing event {} to NATS failed ({}); retrying", e.seq(), ex.getMessage());
                sleepQuietly(Math.min(1_000, 50L * attempt));
            }
        }
    }

    /** The last sequence delivered to the handlers. */
    public long applied() {
        return sequencer.applied();
    }

    /** Events read from the store because NATS had not (yet) brought them. */
    public long filledFromStore() {
        return sequencer.filled();
    }

    /** Events that arrived again or late, and were dropped. */
    public long duplicatesDropped() {
        return sequencer.dropped();
    }

    public long publishFailures() {
        return publishFailures.get();
    }

    /** NATS connection status, e.g. CONNECTED, RECONNECTING. */
    public String connectionStatus() {
        return nc.getStatus().name();
    }

    public boolean connected() {
        return nc.getStatus() == Connection.Status.CONNECTED;
    }

    /** True while the delivery thread runs (it survives NATS and store outages). */
    public boolean delivering() {
        Thread d = deliverer;
        return d != null && d.isAlive() && !closed;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (deliverer != null) deliverer.interrupt();
        publisher.interrupt();
        try {
            consumer.stop();
        } catch (RuntimeException e) {
            log.debug("stopping the NATS consumer: {}", e.toString());
        }
        closeQuietly(nc);
    }

    private static void closeQuietly(Connection nc) {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps; an interrupt ends the sleep early and stays set for the caller to see. */
    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
