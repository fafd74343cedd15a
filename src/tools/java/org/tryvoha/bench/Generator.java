package org.tryvoha.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One load-generator process: holds many subscriber connections on one NIO selector (JDK only), one
 * thread, and records when each event arrives on each connection (wall clock, microseconds, the same
 * clock the coordinator stamps its requests with).
 *
 * <p>The receive path is the same for every protocol and costs as little as it can, since the
 * generators share the cores with what they measure: one read per ready connection into one large
 * direct buffer, copied once to a heap array that the connection's {@link Wire} parser scans (the
 * sequence number is read from a message's first bytes, no JSON parser); the clock is read once per
 * read, and every message in it is stamped with that time; each delivery is counted into
 * preallocated arrays ({@link Events}); nothing is allocated or logged per message.
 *
 * <p>Talks to the coordinator over stdin/stdout, one line each: it prints {@code READY n failed} once
 * every connection is subscribed, {@code C seq} once every connection has an event, and on {@code DUMP}
 * one {@code E seq count firstMicros lastMicros} per event, {@code G gaps dups}, {@code END}. {@code
 * STORM} drops every connection and resumes it from its last event ({@code RESUMED n failed ms}); a
 * connection the server drops is resumed the same way after 0.1–1 s. It exits on {@code QUIT}, when
 * stdin closes, or after {@code max-seconds}.
 *
 * <p>Arguments {@code key=value}: proto (sse|ws|mqtt|nats|raw|siren), host, port, src (local address),
 * paths (a file, one request path per connection; sse and ws; for siren one {@code id zone in|out} per
 * siren), count (mqtt, nats, raw), topic (mqtt: default the peers' topic, or e.g. {@code
 * tryvoha/events} for a Tryvoha server's MQTT delivery; siren: the server's topic prefix), max-seconds.
 *
 * <p>A siren ({@code proto=siren}) behaves as the README's siren firmware: it connects with the last
 * will {@code offline} (QoS 1, retained) on {@code {prefix}/sirens/{id}/status}, subscribes to its
 * command topic at QoS 1, says {@code online} (retained), sends a heartbeat every {@value
 * #HEARTBEAT_MS} ms (staggered over the sirens) and acknowledges every command it gets, the retained
 * one at subscribe included, with {@code {"command":"<id>"}} at QoS 1. A live command is an event
 * (its {@code seq}); it is counted only on a siren whose zone the alert covers ({@code in}), once
 * per seq. A dump adds {@code S strays wrong retained acks heartbeats dups}: the errors are a
 * command on a siren outside the alert (stray), a live command that repeats the siren's last action
 * (wrong) and a second command for one seq (dup).
 */
public final class Generator implements Wire.Siren.Commands {
    /** The siren firmware's heartbeat period (README: well within siren-silent-seconds, e.g. every 30 s); {@code heartbeat-ms}. */
    static final long HEARTBEAT_MS = 30_000;

    static final int KEEP_ALIVE_SECONDS = 60;
    static final int MAX_CONNECTING = 256;
    static final int MAX_RECONNECTS = 20;
    static final int READ_BUFFER = 256 * 1024;

    private final String proto, host, src, topic;
    private final int port;
    private final List<Conn> conns = new ArrayList<>();
    private final ArrayDeque<Conn> toConnect = new ArrayDeque<>();
    private final Selector selector = Selector.open();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
    private final byte[] bytes = new byte[READ_BUFFER];
    private final Consumer<SelectionKey> handler = this::handle;
    private final Events events = new Events(1024);
    /** When the current read returned (wall clock, µs): the arrival time of every message in it. */
    private long readMicros;

    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private final PrintStream out =
            new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    private final Random random = new Random();
    private final long deadline, heartbeatNanos;
    /** Deliveries of one event this process expects: every connection, or the sirens inside the alert. */
    private final long expected;

    private int connecting, ready, failed, gaps, dups;
    private long strays, wrong, retainedSeen, acks, heartbeats;
    private final ArrayDeque<Conn> heartbeatDue = new ArrayDeque<>(); // sirens, in order of their next heartbeat
    private boolean announced;
    private long stormStart;
    private Conn current;

    final class Conn {
        final int index;
        final String path;
        SocketChannel ch;
        Wire wire;
        ByteBuffer pending;
        boolean isReady, isFailed;
        long lastSeq = -1;
        long reconnectAt;
        int reconnects;
        // a siren's: its id, whether the measured alert covers it, its next packet id, last action, next heartbeat
        final String siren;
        final boolean inside;
        int packetId;
        String lastAction;
        long nextHeartbeat;

        Conn(int index, String path) {
            this.index = index;
            this.path = path;
            String[] f = path == null || !proto.equals("siren") ? null : path.split(" ");
            this.siren = f == null ? null : f[0];
            this.inside = f != null && f[f.length - 1].equals("in");
        }

        int nextId() {
            packetId = packetId % 65535 + 1;
            return packetId;
        }

        String sirenTopic(String kind) {
            return topic + "/sirens/" + siren + "/" + kind;
        }
    }

    private Generator(Map<String, String> a) throws IOException {
        proto = a.get("proto");
        host = a.getOrDefault("host", "127.0.0.1");
        port = Integer.parseInt(a.get("port"));
        src = a.getOrDefault("src", "127.0.0.1");
        topic = a.getOrDefault("topic", Bench.TOPIC);
        deadline = System.nanoTime() + Long.parseLong(a.getOrDefault("max-seconds", "600")) * 1_000_000_000L;
        heartbeatNanos = Long.parseLong(a.getOrDefault("heartbeat-ms", Long.toString(HEARTBEAT_MS))) * 1_000_000L;
        List<String> paths = a.containsKey("paths") ? Files.readAllLines(Path.of(a.get("paths"))) : null;
        int n = paths != null ? paths.size() : Integer.parseInt(a.get("count"));
        for (int i = 0; i < n; i++) conns.add(new Conn(i, paths == null ? null : paths.get(i)));
        toConnect.addAll(conns);
        expected = proto.equals("siren") ? conns.stream().filter(c -> c.inside).count() : conns.size();
        if (proto.equals("siren")) {
            long now = System.nanoTime();
            for (Conn c : conns) { // staggered: siren i's first heartbeat i/n of a period from now
                c.nextHeartbeat = now + heartbeatNanos * c.index / Math.max(1, n);
                heartbeatDue.add(c);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        Generator g = new Generator(a);
        Thread.ofPlatform().daemon().start(g::readCommands);
        g.run();
        System.exit(0);
    }

    private void readCommands() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                commands.add(l.strip());
                selector.wakeup();
            }
        } catch (IOException ignored) {
            // the coordinator went away
        }
        commands.add("QUIT");
        selector.wakeup();
    }

    private void run() throws IOException {
        while (System.nanoTime() < deadline) {
            if (!toConnect.isEmpty()) startConnects();
            selector.select(handler, 50);
            String cmd;
            while ((cmd = commands.poll()) != null) {
                if (cmd.equals("QUIT")) return;
                command(cmd);
            }
            if (!heartbeatDue.isEmpty()) heartbeats();
            if (!announced) checkReady();
            out.flush();
        }
    }

    private void command(String cmd) throws IOException {
        switch (cmd) {
            case "DUMP" -> {
                events.print(out);
                out.println("G " + gaps + " " + dups);
                if (proto.equals("siren"))
                    out.println("S " + strays + " " + wrong + " " + retainedSeen + " " + acks + " " + heartbeats + " "
                            + dups);
                out.println("END");
            }
            case "STORM" -> {
                stormStart = System.nanoTime();
                for (Conn c : conns) {
                    if (c.ch != null && !c.isReady) connecting--;
                    if (c.ch != null) drop(c);
                    c.reconnectAt = 0;
                    toConnect.add(c);
                }
            }
            default -> out.println("ERR unknown command " + cmd);
        }
    }

    private void checkReady() {
        if (announced || connecting > 0 || !toConnect.isEmpty() || ready + failed < conns.size()) return;
        announced = true;
        if (stormStart == 0) out.println("READY " + ready + " " + failed);
        else out.println("RESUMED " + ready + " " + failed + " " + (System.nanoTime() - stormStart) / 1_000_000);
    }

    private void startConnects() throws IOException {
        long now = System.nanoTime();
        int n = toConnect.size();
        for (int i = 0; i < n && connecting < MAX_CONNECTING; i++) {
            Conn c = toConnect.poll();
            if (c.reconnectAt > now) {
                toConnect.add(c);
                continue;
            }
            open(c);
        }
    }

    private void open(Conn c) throws IOException {
        if (c.isReady) ready--;
        if (c.isFailed) failed--;
        c.isReady = c.isFailed = false;
        announced = false;
        connecting++;
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.bind(new InetSocketAddress(src, 0));
        c.ch = ch;
        c.wire = wire(c);
        c.pending = ByteBuffer.wrap(greeting(c));
        if (ch.connect(new InetSocketAddress(host, port)))
            ch.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, c);
        else ch.register(selector, SelectionKey.OP_CONNECT, c);
    }

    private Wire wire(Conn c) {
        boolean resume = c.lastSeq >= 0;
        return switch (proto) {
            case "sse" -> new Wire.Sse(resume);
            case "ws" -> new Wire.Ws(resume);
            case "mqtt" -> new Wire.Mqtt();
            case "nats" -> new Wire.Nats();
            case "raw" -> new Wire.Raw(Bench.PAYLOAD);
            case "siren" -> new Wire.Siren();
            default -> throw new IllegalArgumentException("proto " + proto);
        };
    }

    private byte[] greeting(Conn c) {
        String resume = c.lastSeq < 0 ? "" : (proto.equals("sse") ? "&last_event_id=" : "&since=") + c.lastSeq;
        return switch (proto) {
            case "sse" ->
                Wire.ascii("GET " + c.path + resume + " HTTP/1.1\r\nHost: " + host
                        + "\r\nAccept: text/event-stream\r\n\r\n");
            case "ws" ->
                Wire.ascii("GET " + c.path + resume + " HTTP/1.1\r\nHost: " + host
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            case "mqtt" -> Mqtt.connectAndSubscribe(src.replace('.', '-') + "-" + c.index, topic);
            case "siren" -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(Mqtt.connectWithWill(c.siren, KEEP_ALIVE_SECONDS, c.sirenTopic("status"), "offline"));
                b.writeBytes(Mqtt.subscribe(c.nextId(), c.sirenTopic("command"), 1));
                b.writeBytes(Mqtt.publishQos1(c.nextId(), c.sirenTopic("status"), Wire.ascii("online"), true));
                yield b.toByteArray();
            }
            case "nats" ->
                Wire.ascii("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB " + Bench.TOPIC.replace('/', '.')
                        + " 1\r\nPING\r\n");
            default -> new byte[0];
        };
    }

    private void handle(SelectionKey k) {
        Conn c = (Conn) k.attachment();
        try {
            if (k.isConnectable()) {
                c.ch.finishConnect();
                k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                if (proto.equals("raw")) ready(c);
                return;
            }
            if (k.isWritable()) {
                c.ch.write(c.pending);
                if (!c.pending.hasRemaining()) k.interestOps(SelectionKey.OP_READ);
            }
            if (k.isReadable()) read(c);
        } catch (IOException | RuntimeException e) {
            lost(c, e);
        }
    }

    private void read(Conn c) throws IOException {
        buf.clear();
        int n = c.ch.read(buf);
        if (n < 0) throw new IOException("closed by the server");
        readMicros = Bench.nowMicros();
        buf.get(0, bytes, 0, n);
        current = c;
        c.wire.feed(bytes, 0, n, this);
        if (c.wire instanceof Wire.Nats nw && nw.pingReceived) {
            nw.pingReceived = false;
            c.ch.write(ByteBuffer.wrap(Wire.ascii("PONG\r\n")));
        }
    }

    private void lost(Conn c, Exception e) {
        boolean wasConnecting = !c.isReady;
        drop(c);
        if (wasConnecting) {
            connecting--;
            if (c.reconnects >= MAX_RECONNECTS || !announced && stormStart == 0 && c.lastSeq < 0) {
                c.isFailed = true;
                failed++;
                if (failed <= 3) System.err.println("connection " + c.index + " failed: " + e);
                return;
            }
        } else {
            ready--;
            c.isReady = false;
        }
        c.reconnects++;
        c.reconnectAt = System.nanoTime() + (100 + random.nextInt(900)) * 1_000_000L;
        if (stormStart == 0) stormStart = System.nanoTime(); // the server dropped us: report when all are back
        toConnect.add(c);
        announced = false;
    }

    private void drop(Conn c) {
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        c.ch = null;
    }

    private void ready(Conn c) {
        if (c.isReady) return;
        c.isReady = true;
        connecting--;
        ready++;
    }

    @Override
    public void ready() {
        ready(current);
    }

    /** A siren got a message: PUBACK it (QoS 1), acknowledge the command, and count a live one. */
    @Override
    public void publish(boolean retained, int qos, int packetId, byte[] p, int from, int to) {
        Conn c = current;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (qos == 1) b.writeBytes(Mqtt.puback(packetId));
        String id = Wire.Siren.text(p, from, to, "id"), action = Wire.Siren.text(p, from, to, "action");
        long seq = Wire.Siren.number(p, from, to, "seq");
        if (id != null) {
            b.writeBytes(Mqtt.publishQos1(
                    c.nextId(), c.sirenTopic("ack"), Wire.ascii("{\"command\":\"" + id + "\"}"), false));
            acks++;
        }
        send(c, b.toByteArray());
        if (retained) { // the current command, on subscribe: acknowledged, not a delivery
            retainedSeen++;
            c.lastAction = action;
            return;
        }
        if (!c.inside) {
            strays++;
            if (strays <= 3)
                System.err.println("siren " + c.siren + " (outside the alert) got a command: "
                        + new String(p, from, to - from, StandardCharsets.UTF_8));
            return;
        }
        if (action == null || action.equals(c.lastAction)) wrong++;
        c.lastAction = action;
        if (seq >= 0) event(seq);
    }

    /** Writes to a connection, or queues behind what it still has to write. */
    private void send(Conn c, byte[] bytes) {
        if (c.ch == null || bytes.length == 0) return;
        try {
            if (c.pending != null && c.pending.hasRemaining()) {
                ByteBuffer more = ByteBuffer.allocate(c.pending.remaining() + bytes.length);
                more.put(c.pending).put(bytes).flip();
                c.pending = more;
                return;
            }
            ByteBuffer w = ByteBuffer.wrap(bytes);
            c.ch.write(w);
            if (w.hasRemaining()) {
                c.pending = w;
                c.ch.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            lost(c, e);
        }
    }

    /** Sirens whose heartbeat is due send it (QoS 1); each then waits one period. */
    private void heartbeats() {
        long now = System.nanoTime();
        for (int i = heartbeatDue.size(); i > 0 && heartbeatDue.peek().nextHeartbeat <= now; i--) {
            Conn c = heartbeatDue.poll();
            c.nextHeartbeat = now + heartbeatNanos;
            heartbeatDue.add(c);
            if (c.ch == null || !c.isReady) continue;
            send(
                    c,
                    Mqtt.publishQos1(
                            c.nextId(),
                            c.sirenTopic("heartbeat"),
                            Wire.ascii("{\"uptime_s\":" + (now / 1_000_000_000L) + "}"),
                            false));
            heartbeats++;
        }
    }

    @Override
    public void event(long seq) {
        Conn c = current;
        if (c.lastSeq >= 0 && seq <= c.lastSeq) {
            dups++;
            if (c.siren != null) return; // a siren's second command for one change is an error, not a delivery
        } else if (c.lastSeq >= 0 && seq > c.lastSeq + 1) gaps++;
        c.lastSeq = Math.max(c.lastSeq, seq);
        if (events.add(seq, readMicros) == expected) out.println("C " + seq);
    }

    /**
     * Per event (by seq): deliveries, first and last arrival (µs), in preallocated arrays with open
     * addressing: counting a delivery allocates nothing (the table doubles when half full, i.e. per
     * 512 new events, not per message).
     */
    static final class Events {
        private static final long EMPTY = Long.MIN_VALUE;
        private long[] seqs, counts, firsts, lasts;
        private int size;

        Events(int capacity) {
            allocate(Integer.highestOneBit(Math.max(16, capacity - 1)) << 1);
        }

        private void allocate(int capacity) {
            seqs = new long[capacity];
            Arrays.fill(seqs, EMPTY);
            counts = new long[capacity];
            firsts = new long[capacity];
            lasts = new long[capacity];
            size = 0;
        }

        private int slot(long seq) {
            int mask = seqs.length - 1;
            int i = (int) ((seq * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (seqs[i] != seq && seqs[i] != EMPTY) i = (i + 1) & mask;
            return i;
        }

        /** Counts one delivery of {@code seq} that arrived at {@code micros}; returns the deliveries of it so far. */
        long add(long seq, long micros) {
            int i = slot(seq);
            if (seqs[i] == EMPTY) {
                if (2 * (size + 1) > seqs.length) {
                    grow();
                    i = slot(seq);
                }
                seqs[i] = seq;
                counts[i] = 0;
                firsts[i] = Long.MAX_VALUE;
                lasts[i] = Long.MIN_VALUE;
                size++;
            }
            counts[i]++;
            if (micros < firsts[i]) firsts[i] = micros;
            if (micros > lasts[i]) lasts[i] = micros;
            return counts[i];
        }

        private void grow() {
            long[] s = seqs, c = counts, f = firsts, l = lasts;
            allocate(s.length * 2);
            for (int j = 0; j < s.length; j++) {
                if (s[j] == EMPTY) continue;
                int i = slot(s[j]);
                seqs[i] = s[j];
                counts[i] = c[j];
                firsts[i] = f[j];
                lasts[i] = l[j];
                size++;
            }
        }

        int size() {
            return size;
        }

        /** {count, first, last} of {@code seq}, or null. */
        long[] get(long seq) {
            int i = slot(seq);
            return seqs[i] == EMPTY ? null : new long[] {counts[i], firsts[i], lasts[i]};
        }

        /** Prints {@code E seq count first last} per event in seq order, then forgets them all. */
        void print(PrintStream out) {
            long[] order = new long[size];
            int n = 0;
            for (long s : seqs) if (s != EMPTY) order[n++] = s;
            Arrays.sort(order);
            for (long s : order) {
                int i = slot(s);
                out.println("E " + s + " " + counts[i] + " " + firsts[i] + " " + lasts[i]);
            }
            allocate(seqs.length);
        }
    }
}
