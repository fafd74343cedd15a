package org.tryvoha.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One load-generator process: holds many subscriber connections on one NIO selector (JDK only), one
 * thread, and records when each event arrives on each connection (wall clock, microseconds, the same
 * clock the coordinator stamps its requests with).
 *
 * <p>Talks to the coordinator over stdin/stdout, one line each: it prints {@code READY n failed} once
 * every connection is subscribed, {@code C seq} once every connection has an event, and on {@code DUMP}
 * one {@code E seq count firstMicros lastMicros} per event, {@code G gaps dups}, {@code END}. {@code
 * STORM} drops every connection and resumes it from its last event ({@code RESUMED n failed ms}); a
 * connection the server drops is resumed the same way after 0.1–1 s. It exits on {@code QUIT}, when
 * stdin closes, or after {@code max-seconds}.
 *
 * <p>Arguments {@code key=value}: proto (sse|ws|mqtt|nats|raw), host, port, src (local address),
 * paths (a file, one request path per connection; sse and ws), count (mqtt, nats, raw), topic (mqtt; default
 * the peers' topic, or e.g. {@code tryvoha/events} for a Tryvoha server's MQTT delivery), max-seconds.
 */
public final class Generator implements Wire.Sink {
  static final int MAX_CONNECTING = 256;
  static final int MAX_RECONNECTS = 20;

  private final String proto, host, src, topic;
  private final int port;
  private final List<Conn> conns = new ArrayList<>();
  private final ArrayDeque<Conn> toConnect = new ArrayDeque<>();
  private final Selector selector = Selector.open();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
  private final Map<Long, long[]> events = new HashMap<>();
  private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
  private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
  private final Random random = new Random();
  private final long deadline;
  private int connecting, ready, failed, gaps, dups;
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

    Conn(int index, String path) {
      this.index = index;
      this.path = path;
    }
  }

  private Generator(Map<String, String> a) throws IOException {
    proto = a.get("proto");
    host = a.getOrDefault("host", "127.0.0.1");
    port = Integer.parseInt(a.get("port"));
    src = a.getOrDefault("src", "127.0.0.1");
    topic = a.getOrDefault("topic", Bench.TOPIC);
    deadline = System.nanoTime() + Long.parseLong(a.getOrDefault("max-seconds", "600")) * 1_000_000_000L;
    List<String> paths = a.containsKey("paths") ? Files.readAllLines(Path.of(a.get("paths"))) : null;
    int n = paths != null ? paths.size() : Integer.parseInt(a.get("count"));
    for (int i = 0; i < n; i++) conns.add(new Conn(i, paths == null ? null : paths.get(i)));
    toConnect.addAll(conns);
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
      startConnects();
      selector.select(50);
      for (SelectionKey k : selector.selectedKeys()) handle(k);
      selector.selectedKeys().clear();
      String cmd;
      while ((cmd = commands.poll()) != null) {
        if (cmd.equals("QUIT")) return;
        command(cmd);
      }
      checkReady();
      out.flush();
    }
  }

  private void command(String cmd) throws IOException {
    switch (cmd) {
      case "DUMP" -> {
        List<Long> seqs = new ArrayList<>(events.keySet());
        java.util.Collections.sort(seqs);
        for (long s : seqs) {
          long[] e = events.get(s);
          out.println("E " + s + " " + e[0] + " " + e[1] + " " + e[2]);
        }
        out.println("G " + gaps + " " + dups);
        out.println("END");
        events.clear();
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
    ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    ch.bind(new InetSocketAddress(src, 0));
    c.ch = ch;
    c.wire = wire(c);
    c.pending = ByteBuffer.wrap(greeting(c));
    if (ch.connect(new InetSocketAddress(host, port))) ch.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, c);
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
      default -> throw new IllegalArgumentException("proto " + proto);
    };
  }

  private byte[] greeting(Conn c) {
    String resume = c.lastSeq < 0 ? "" : (proto.equals("sse") ? "&last_event_id=" : "&since=") + c.lastSeq;
    return switch (proto) {
      case "sse" -> Wire.ascii("GET " + c.path + resume + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n");
      case "ws" -> Wire.ascii("GET " + c.path + resume + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      case "mqtt" -> Mqtt.connectAndSubscribe(src.replace('.', '-') + "-" + c.index, topic);
      case "nats" -> Wire.ascii("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB " + Bench.TOPIC.replace('/', '.') + " 1\r\nPING\r\n");
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
    buf.flip();
    current = c;
    c.wire.feed(buf, this);
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

  @Override
  public void event(long seq) {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    Conn c = current;
    if (c.lastSeq >= 0 && seq <= c.lastSeq) dups++;
    else if (c.lastSeq >= 0 && seq > c.lastSeq + 1) gaps++;
    c.lastSeq = Math.max(c.lastSeq, seq);
    long[] e = events.computeIfAbsent(seq, s -> new long[] {0, Long.MAX_VALUE, 0});
    e[0]++;
    e[1] = Math.min(e[1], micros);
    e[2] = Math.max(e[2], micros);
    if (e[0] == conns.size()) out.println("C " + seq);
  }
}
