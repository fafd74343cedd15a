package org.tryvoha.bus.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work shared by every node: a JetStream work-queue stream ({@code <stream>_WORK}, subject {@code
 * <stream>.work}) with one durable pull consumer that all nodes pull from, so each task goes to one
 * node; and plain NATS notices ({@code <stream>.notice.<topic>}) that reach every node.
 *
 * <p>Delivery: at least once. Any node may publish a task; tasks published with the same id within
 * the stream's duplicate window (two minutes) are kept once, so every node may publish all of them.
 * A node takes at most {@code inFlight} tasks at a time and tells JetStream it is still working on
 * them every third of {@code ackWait}; a task not finished within {@code ackWait} of the last sign of
 * life (the node died) is given to another node, which may repeat part of the work. A task is
 * delivered at most {@link #MAX_DELIVER} times.
 *
 * <p>Thread-safety: {@link #publish} and {@link #notice} from any thread; the worker runs on the
 * queue's own thread ({@code tryvoha-work}) and must hand work off, not block; {@link Task} methods
 * may be called from any thread.
 */
public final class NatsWorkQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NatsWorkQueue.class);
    static final int MAX_DELIVER = 30;
    static final Duration MAX_AGE = Duration.ofHours(1);
    static final String CONSUMER = "workers";

    /**
     * @param url NATS server(s), comma-separated
     * @param stream the cluster's event stream name; the work stream is {@code <stream>_WORK}
     * @param nodeId this node's name (connection name)
     * @param ackWait how long a task may go without a sign of life before another node takes it
     * @param inFlight tasks this node works on at once
     */
    public record Settings(String url, String stream, String nodeId, Duration ackWait, int inFlight) {}

    /** One task taken by this node: finish it with {@link #done} or give it back with {@link #later}. */
    public static final class Task {
        private final Message m;
        private final NatsWorkQueue q;

        private Task(Message m, NatsWorkQueue q) {
            this.m = m;
            this.q = q;
        }

        public byte[] data() {
            return m.getData();
        }

        /** 1 the first time; more when a node died on it or gave it back. */
        public long delivered() {
            return m.metaData().deliveredCount();
        }

        /** The work is finished: the task leaves the stream. */
        public void done() {
            if (q.working.remove(this)) {
                m.ack();
                q.slots.release();
            }
        }

        /** Not doable here now: offered again (to any node) after {@code delay}. */
        public void later(Duration delay) {
            if (q.working.remove(this)) {
                m.nakWithDelay(delay);
                q.slots.release();
            }
        }
    }

    private final Settings settings;
    private final Connection nc;
    private final JetStream js;
    private final String subject;
    private final ConsumerContext consumer;
    private final Semaphore slots;
    private final Set<Task> working = ConcurrentHashMap.newKeySet();
    private final Dispatcher dispatcher;
    private volatile Thread puller, keeper;
    private volatile boolean closed;

    private NatsWorkQueue(Settings s, Connection nc) throws IOException, JetStreamApiException {
        this.settings = s;
        this.nc = nc;
        this.js = nc.jetStream();
        this.subject = s.stream() + ".work";
        this.slots = new Semaphore(s.inFlight());
        String stream = s.stream() + "_WORK";
        ensureStream(nc.jetStreamManagement(), stream, subject);
        this.consumer = nc.getStreamContext(stream)
                .createOrUpdateConsumer(ConsumerConfiguration.builder()
                        .durable(CONSUMER)
                        .filterSubject(subject)
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(s.ackWait())
                        .maxDeliver(MAX_DELIVER)
                        .build());
        this.dispatcher = nc.createDispatcher();
    }

    /** Connects, creates the work stream and its consumer when missing. */
    public static NatsWorkQueue open(Settings s) {
        Connection nc;
        try {
            nc = Nats.connect(Options.builder()
                    .servers(s.url().split(","))
                    .connectionName("tryvoha work " + s.nodeId())
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(500))
                    .connectionTimeout(Duration.ofSeconds(3))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS for shared work: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
        try {
            return new NatsWorkQueue(s, nc);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            try {
                nc.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "cannot use the JetStream work stream '" + s.stream() + "_WORK': " + e.getMessage(), e);
        }
    }

    private static void ensureStream(JetStreamManagement jsm, String stream, String subject)
            throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(stream);
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != Streams.NOT_FOUND) throw e;
        }
        try {
            jsm.addStream(StreamConfiguration.builder()
                    .name(stream)
                    .subjects(subject)
                    .retentionPolicy(RetentionPolicy.WorkQueue)
                    .storageType(StorageType.File)
                    .maxAge(MAX_AGE)
                    .duplicateWindow(Streams.DUPLICATE_WINDOW)
                    .replicas(1)
                    .build());
        } catch (JetStreamApiException e) {
            jsm.getStreamInfo(stream); // another node created it at the same moment
        }
    }

    /**
     * Blocking: adds a task, kept once per {@code id} within the duplicate window; while NATS does not
     * confirm it, tries again after a pause 50 ms longer each time (at most 1 s) until {@code deadline}
     * ({@link System#nanoTime}).
     *
     * @throws IOException when NATS has not confirmed it by the deadline, or the queue was closed or the
     *     thread interrupted meanwhile
     */
    public void publish(String id, byte[] data, long deadline) throws IOException {
        PublishOptions options = PublishOptions.builder()
                .messageId(id)
                .expectedStream(settings.stream() + "_WORK")
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                js.publish(subject, data, options);
                return;
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                if (closed || Thread.currentThread().isInterrupted() || System.nanoTime() - deadline > 0)
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                if (attempt == 1) log.warn("cannot publish task {} to NATS: {}; retrying", id, e.toString());
                NatsEventBus.sleepQuietly(Math.min(1_000, 50L * attempt));
            }
        }
    }

    /** A message to every node listening to {@code topic} (plain NATS: at most once, fast). */
    public void notice(String topic, byte[] data) {
        nc.publish(settings.stream() + ".notice." + topic, data);
    }

    /** Calls {@code to} (on a NATS thread: hand blocking work off) with every notice on {@code topic}. */
    public void listen(String topic, Consumer<byte[]> to) {
        dispatcher.subscribe(settings.stream() + ".notice." + topic, m -> to.accept(m.getData()));
    }

    /** Starts taking tasks: {@code worker} gets each and must finish or give back every one. */
    public synchronized void start(Consumer<Task> worker) {
        if (puller != null) return;
        puller = Thread.ofPlatform().name("tryvoha-work").daemon().start(() -> pull(worker));
        keeper = Thread.ofPlatform().name("tryvoha-work-alive").daemon().start(this::keepAlive);
    }

    private void pull(Consumer<Task> worker) {
        while (!closed) {
            try {
                if (!slots.tryAcquire(1, TimeUnit.SECONDS)) continue;
                Message m = null;
                try {
                    m = consumer.next(Duration.ofSeconds(1));
                } finally {
                    if (m == null) slots.release();
                }
                if (m == null) continue;
                Task t = new Task(m, this);
                working.add(t);
                worker.accept(t);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) { // NATS away, a status message: try again shortly
                if (closed) return;
                log.debug("taking shared work: {}", e.toString());
                NatsEventBus.sleepQuietly(500);
            }
        }
    }

    private void keepAlive() {
        long every = Math.max(100, settings.ackWait().toMillis() / 3);
        while (!closed) {
            NatsEventBus.sleepQuietly(every);
            for (Task t : working) {
                try {
                    t.m.inProgress();
                } catch (RuntimeException e) {
                    log.debug("in-progress ack: {}", e.toString());
                }
            }
        }
    }

    /** Tasks this node is working on now. */
    public int working() {
        return working.size();
    }

    /** Stops taking tasks and gives back the unfinished ones (a killed node's go to another after {@code ackWait}). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (puller != null) puller.interrupt();
        if (keeper != null) keeper.interrupt();
        for (Task t : working) t.later(Duration.ZERO); // another node takes them now, not after ackWait
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
