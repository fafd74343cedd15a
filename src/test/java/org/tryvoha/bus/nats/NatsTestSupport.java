package org.tryvoha.bus.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The NATS of this machine (127.0.0.1:4222, JetStream on) for tests, and private nats-server
 * processes for fault tests. A test whose NATS is down fails saying how to start it.
 */
public final class NatsTestSupport {
    public static final String SHARED_URL = System.getProperty("tryvoha.test.nats.url", "nats://127.0.0.1:4222");
    static final String HOW_TO_START = "NATS is not reachable at " + SHARED_URL + ". Start it with:\n"
            + "  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js "
            + "-sd /var/lib/nats-server -l /var/log/nats-server.log\n(or run .ci/run, which starts every service the tests need)";

    private NatsTestSupport() {}

    /** The shared server's URL, or an AssertionError saying how to start it. */
    public static String sharedUrl() {
        URIs u = URIs.parse(SHARED_URL);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.host, u.port), 2_000);
        } catch (IOException e) {
            throw new AssertionError(HOW_TO_START + "\ncause: " + e);
        }
        return SHARED_URL;
    }

    public static String uniqueStream(String prefix) {
        return prefix + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    public static void deleteStream(String url, String stream) {
        try (Connection nc = Nats.connect(Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(2))
                .build())) {
            nc.jetStreamManagement().deleteStream(stream);
        } catch (Exception e) {
            // best effort: the stream may never have been created
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A private nats-server with JetStream on a free loopback port, storing under {@code dir}. */
    public static final class Server implements AutoCloseable {
        public final int port;
        private final Path dir;
        private Process process;

        public Server(Path dir) throws Exception {
            this.port = freePort();
            this.dir = dir;
            start();
        }

        public String url() {
            return "nats://127.0.0.1:" + port;
        }

        public void start() throws Exception {
            String bin = System.getProperty("tryvoha.test.nats.server", "/usr/sbin/nats-server");
            if (!Files.isExecutable(Path.of(bin))) {
                throw new AssertionError("nats-server not found at " + bin
                        + ": install it (apt-get install nats-server) or set -Dtryvoha.test.nats.server");
            }
            process = new ProcessBuilder(
                            List.of(bin, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(
                            dir.resolveSibling(dir.getFileName() + ".log").toFile())
                    .start();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            throw new AssertionError("private nats-server on port " + port + " did not start");
        }

        /** Stops the server (SIGTERM) and waits for it to exit. */
        public void stop() throws InterruptedException {
            if (process == null) return;
            process.destroy();
            process.waitFor();
            process = null;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private record URIs(String host, int port) {
        static URIs parse(String url) {
            String hp = url.replaceFirst("^nats://", "").split(",")[0];
            int colon = hp.lastIndexOf(':');
            return colon < 0
                    ? new URIs(hp, 4222)
                    : new URIs(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        }
    }
}
