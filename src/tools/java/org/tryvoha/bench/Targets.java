package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tryvoha.json.Json;

/** What the benchmark fans out through: a Tryvoha server, Mosquitto, nats-server, or the floor. */
final class Targets {
    private Targets() {}

    /** A fan-out under test: publishes one message and tells its sequence number. */
    interface Target extends AutoCloseable {
        int port();

        /** The process holding the subscribers (for RSS), or -1 when it is this one. */
        long pid();

        /** Publishes one event to every subscriber of {@code zone} (peers ignore zones); returns its sequence. */
        long publish(String zone) throws Exception;

        @Override
        void close();
    }

    static long rssBytes(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + (pid < 0 ? "self" : pid) + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }

    /**
     * CPU time (user + system) the process has used so far, in nanoseconds, from /proc/PID/stat (in
     * clock ticks of 10 ms); -1 when it is gone. On a box shared with other load this is the fair
     * measure of a target's cost: the wall clock also counts the time it waited for a core.
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + (pid < 0 ? "self" : pid) + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14 and 15, USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A free loopback TCP port (the kernel's choice). */
    static int freePort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    /**
     * A private mosquitto ({@code mqtt}) or nats-server ({@code nats}) on loopback {@code port}, up and
     * listening; fails saying what to install when the program is missing.
     */
    static Process startBroker(String kind, int port, Path log) throws Exception {
        List<String> cmd = kind.equals("mqtt")
                ? List.of("mosquitto", "-p", Integer.toString(port))
                : List.of("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port));
        Process p;
        try {
            p = start(cmd, log);
        } catch (IOException e) {
            throw new IllegalStateException(
                    cmd.get(0) + " is not installed (needed for the " + kind + " channel): apt-get install "
                            + (kind.equals("mqtt") ? "mosquitto" : "nats-server") + "; " + e.getMessage(),
                    e);
        }
        try {
            awaitPort(port, 20);
        } catch (IllegalStateException e) {
            stop(p);
            throw new IllegalStateException(cmd.get(0) + " did not listen on " + port + "; see " + log, e);
        }
        return p;
    }

    static Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static void stop(Process p) {
        if (p == null) return;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitPort(int port, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + seconds + " s");
    }

    /** A target that runs as a child process listening on a loopback port. */
    abstract static class Child implements Target {
        final int port;
        Process process;

        Child(int port) {
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public long pid() {
            return process.pid();
        }
    }

    /** A Tryvoha server in its own JVM, started from the same jar; raises and cancels through the REST API. */
    static final class Tryvoha extends Child {
        final Path dataDir, log;
        final List<String> jvmArgs, serveArgs;
        final Path jar;
        String key;
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final List<Long> postMicros = new ArrayList<>();
        /** The server's own time for each POST (its Server-Timing header); guarded by {@link #postMicros}. */
        final List<Long> postServerMicros = new ArrayList<>();
        /** The operator's connection, one per posting thread (the burst posts from several). */
        private final ThreadLocal<Post> operator = ThreadLocal.withInitial(() -> new Post("127.0.0.1", port));

        private String openAlert;

        Tryvoha(Path jar, int port, Path dataDir, List<String> jvmArgs) throws Exception {
            this(jar, port, dataDir, jvmArgs, List.of(), null);
        }

        /**
         * @param serveArgs more {@code serve} options (e.g. {@code --mqtt-url}, the cluster's store and bus)
         * @param key an operator key made beforehand (a cluster's nodes share one store), or null to take
         *     the admin key a fresh data directory writes at its first start (to the file it prints)
         */
        Tryvoha(Path jar, int port, Path dataDir, List<String> jvmArgs, List<String> serveArgs, String key)
                throws Exception {
            super(port);
            this.jar = jar;
            this.dataDir = dataDir;
            this.jvmArgs = jvmArgs;
            this.serveArgs = serveArgs;
            this.key = key;
            this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
            start();
        }

        void start() throws Exception {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "--enable-native-access=ALL-UNNAMED"));
            // the launcher's collector (./tryvoha runs -XX:+UseParallelGC) unless the flags name another
            if (jvmArgs.stream().noneMatch(a -> a.matches("-XX:\\+Use\\w+GC"))) cmd.add("-XX:+UseParallelGC");
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir.toString(),
                    "--rate-limit-exempt",
                    "127.0.0.0/8", // the generators' loopback addresses
                    // the benchmark times delivery of nationwide alerts, which the two-person rule would hold
                    "--approval-max-oblasts",
                    "1000",
                    "--approval-types",
                    "none"));
            cmd.addAll(serveArgs);
            Files.createDirectories(dataDir);
            Path out = log.resolveSibling(log.getFileName() + "." + System.nanoTime());
            process = Targets.start(cmd, out);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                String text = Files.readString(out);
                // the first start writes the admin key to a file and prints only that file's path
                Matcher m = Pattern.compile("admin key file: (.+)\\R").matcher(text);
                if (key == null && m.find())
                    key = Files.readString(Path.of(m.group(1).strip())).strip();
                if (text.contains("Tryvoha listening")) {
                    if (!text.contains("native transport: true"))
                        System.err.println("warning: the server runs without native transport");
                    if (key == null) throw new IllegalStateException("no admin key (data dir not fresh?): " + dataDir);
                    return;
                }
                if (!process.isAlive()) throw new IllegalStateException("server exited: " + text);
                Thread.sleep(50);
            }
            throw new IllegalStateException("server did not start within 60 s; see " + out);
        }

        /** Stops the server (SIGTERM) and starts it again on the same port and data. */
        long restart() throws Exception {
            long t0 = System.nanoTime();
            stop(process);
            start();
            return (System.nanoTime() - t0) / 1_000_000;
        }

        /** Raises an alert on {@code zone}; the next call cancels it (each is one event to the same subscribers). */
        @Override
        public long publish(String zone) throws Exception {
            if (openAlert != null) {
                JsonNode r = post("/api/v1/alerts/" + openAlert + "/cancel", null);
                openAlert = null;
                return r.path("seq").asLong();
            }
            JsonNode r = raise(zone);
            openAlert = r.path("alert").path("id").asText();
            return r.path("seq").asLong();
        }

        /** Raises an alert and leaves it in force. */
        JsonNode raise(String zone) throws Exception {
            return post(
                    "/api/v1/alerts",
                    "{\"type\":\"air_raid\",\"zones\":[\"" + zone
                            + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}");
        }

        JsonNode post(String path, String body) throws Exception {
            Post c = operator.get();
            String auth = "Authorization: Bearer " + key;
            long t0 = System.nanoTime();
            Post.Response r = body == null
                    ? c.send("POST", path, null, auth)
                    : c.send("POST", path, body, auth, "Content-Type: application/json");
            synchronized (postMicros) {
                postMicros.add((System.nanoTime() - t0) / 1000);
                if (r.serverMs() >= 0) postServerMicros.add(Math.round(r.serverMs() * 1000));
            }
            if (r.status() / 100 != 2)
                throw new IllegalStateException("POST " + path + " -> " + r.status() + " " + r.body());
            return Json.MAPPER.readTree(r.body());
        }

        JsonNode get(String path) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (key != null) b.header("Authorization", "Bearer " + key); // the siren fleet is for operators
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(r.body());
        }

        /** Heap in use after a full GC (jcmd GC.run), as the server reports it. */
        long heapAfterGc() throws Exception {
            new ProcessBuilder(Path.of(javaBin()).resolveSibling("jcmd").toString(), Long.toString(pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
            return get("/api/v1/latency").path("heap_used_bytes").asLong();
        }

        /** Saves the live-object histogram (jcmd GC.class_histogram) next to the data directory. */
        void histogram(String name) throws Exception {
            Path out = dataDir.resolveSibling(name);
            new ProcessBuilder(
                            Path.of(javaBin()).resolveSibling("jcmd").toString(),
                            Long.toString(pid()),
                            "GC.class_histogram")
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Mosquitto or nats-server, started on its own port and stopped after; published to over one TCP connection. */
    static final class Broker extends Child {
        final String kind;
        final Socket socket;
        final OutputStream out;
        long seq;

        Broker(String kind, int port, Path log) throws Exception {
            super(port);
            this.kind = kind;
            process = startBroker(kind, port, log);
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (kind.equals("mqtt")) {
                out.write(Mqtt.connect("bench-publisher"));
                out.flush();
                in.readNBytes(4); // CONNACK
            } else {
                new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine(); // INFO
                out.write(Wire.ascii("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n"));
                out.flush();
            }
            // drain whatever the broker sends (NATS PINGs are answered; nothing else matters)
            Thread.ofPlatform().daemon().start(() -> drain(in));
        }

        private void drain(InputStream in) {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String l;
                while ((l = r.readLine()) != null) {
                    if (kind.equals("nats") && l.equals("PING")) {
                        synchronized (out) {
                            out.write(Wire.ascii("PONG\r\n"));
                            out.flush();
                        }
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
        }

        @Override
        public long publish(String zone) throws IOException {
            long s = ++seq;
            byte[] p = Wire.payload(s, Bench.PAYLOAD);
            byte[] msg;
            if (kind.equals("mqtt")) msg = Mqtt.publish(Bench.TOPIC, p);
            else {
                byte[] head = Wire.ascii("PUB " + Bench.TOPIC.replace('/', '.') + " " + p.length + "\r\n");
                msg = ByteBuffer.allocate(head.length + p.length + 2)
                        .put(head)
                        .put(p)
                        .put(Wire.ascii("\r\n"))
                        .array();
            }
            synchronized (out) {
                out.write(msg);
                out.flush();
            }
            return s;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // stopping anyway
            }
            stop(process);
        }
    }

    /** The floor: a trivial NIO server that writes the same 300 bytes to every connection in a loop. */
    static final class Floor implements Target {
        final ServerSocketChannel server;
        final List<SocketChannel> clients = new ArrayList<>();
        final Thread acceptor;
        long seq;

        Floor(int port) throws IOException {
            server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port), 4096);
            acceptor = Thread.ofPlatform().daemon().start(this::accept);
        }

        private void accept() {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.configureBlocking(false);
                    synchronized (clients) {
                        clients.add(c);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public int port() {
            return server.socket().getLocalPort();
        }

        @Override
        public long pid() {
            return -1;
        }

        void awaitClients(long n, long seconds) throws InterruptedException {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                synchronized (clients) {
                    if (clients.size() >= n) return;
                }
                Thread.sleep(10);
            }
        }

        @Override
        public long publish(String zone) throws IOException {
            long s = ++seq;
            ByteBuffer p = ByteBuffer.allocateDirect(Bench.PAYLOAD)
                    .put(Wire.payload(s, Bench.PAYLOAD))
                    .flip();
            synchronized (clients) {
                for (SocketChannel c : clients) c.write(p.duplicate());
            }
            return s;
        }

        @Override
        public void close() {
            try {
                server.close();
                synchronized (clients) {
                    for (SocketChannel c : clients) c.close();
                }
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
    }
}
