package org.tryvoha.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/**
 * The web pages in a real browser: starts the packaged server as a process on a fixed free port,
 * then runs {@code node src/test/web/browser.mjs <base> <adminKey>} (playwright-core driving
 * /usr/bin/chromium), which asks this test to stop, start, pause and resume the server. Fails (never
 * skips) when Chromium or Node is missing, saying how to install them.
 */
class BrowserIT {
    private static final Path WEB = Path.of("src/test/web");
    private static final int HEARTBEAT_SECONDS = 2;

    @TempDir
    Path data;

    private Process server;
    private int port;
    private String adminKey;
    private HttpServer pushService;
    /** Pushes the local push service took: encrypted (aes128gcm), VAPID-authorised, urgent. */
    private final AtomicInteger pushes = new AtomicInteger();

    private final List<String> badPushes = new ArrayList<>();

    @AfterEach
    void stopPushService() {
        if (pushService != null) pushService.stop(0);
    }

    /**
     * A push service on loopback (RFC 8030's receiving side, answering 201) for the console's push
     * delivery panel; the webpush tests check the encryption itself.
     */
    private String startPushService() throws IOException {
        pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushService.createContext("/push/", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
            String encoding = String.valueOf(x.getRequestHeaders().getFirst("Content-Encoding"));
            if (auth.startsWith("vapid t=") && encoding.equals("aes128gcm") && body.length > 86)
                pushes.incrementAndGet();
            else
                synchronized (badPushes) {
                    badPushes.add(auth + " / " + encoding + " / " + body.length + " bytes");
                }
            x.sendResponseHeaders(201, -1);
            x.close();
        });
        pushService.start();
        return "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/";
    }

    @Test
    void residentConsoleAndMapInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("Chromium is missing at " + chromium
                    + ": install it with `apt-get update && apt-get install -y chromium` "
                    + "(or point CHROMIUM at one). The browser tests do not skip.");
        }
        if (run(List.of("node", "--version"), WEB) != 0)
            fail("Node.js is missing: install Node 20+ (e.g. `apt-get install -y nodejs npm`).");
        if ((!Files.isDirectory(WEB.resolve("node_modules/playwright-core"))
                        || !Files.isDirectory(WEB.resolve("node_modules/axe-core")))
                && run(List.of("npm", "ci", "--no-audit", "--no-fund"), WEB) != 0) {
            fail(
                    "`npm ci` in src/test/web failed: playwright-core and axe-core come from npm (no browser download is needed).");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        importPermanentAlerts();
        startServer();
        ProcessBuilder pb = new ProcessBuilder("node", "browser.mjs", "http://127.0.0.1:" + port, adminKey)
                .directory(WEB.toFile())
                .redirectErrorStream(true);
        pb.environment()
                .put(
                        "SCREENSHOTS",
                        Path.of("target/screenshots").toAbsolutePath().toString());
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("PUSH_SERVICE", startPushService());
        Process node = pb.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[browser] " + line);
                out.append(line).append('\n');
                if (line.startsWith("@@")) w.println(serverCommand(line.substring(2)));
            }
        }
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as("browser test output:\n%s", out).isZero();
        synchronized (badPushes) {
            assertThat(badPushes).as("pushes without VAPID or aes128gcm").isEmpty();
        }
        assertThat(pushes.get()).as("pushes the console reported sent").isGreaterThanOrEqualTo(2);
    }

    private String serverCommand(String cmd) {
        try {
            switch (cmd) {
                case "stop-server" -> stopServer();
                case "start-server" -> startServer();
                case "pause-server" -> signal("STOP");
                case "resume-server" -> signal("CONT");
                default -> {
                    return "unknown command " + cmd;
                }
            }
            return "ok";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /**
     * {@code history import} of an empty record adds the two permanent alerts (Luhansk oblast,
     * Crimea): the statistics count them, and the map must show them (trust.mjs).
     */
    private void importPermanentAlerts() throws Exception {
        Path in = Files.createDirectories(data.resolve("history-in"));
        Files.writeString(
                in.resolve("official_data_en.csv"), "oblast,raion,hromada,level,started_at,finished_at,source\n");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                System.getProperty("tryvoha.jar", "target/tryvoha.jar"),
                "history",
                "import",
                "--data-dir",
                data.toString(),
                in.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("history import:\n%s", out).isZero();
        assertThat(out).contains("imported: 2");
    }

    private void startServer() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                System.getProperty("tryvoha.jar", "target/tryvoha.jar"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                data.toString(),
                "--heartbeat-seconds",
                Integer.toString(HEARTBEAT_SECONDS),
                "--push-allow-http", // the push service on loopback (above)
                "true",
                "--outbound-allow-private",
                "true",
                "--sirens-file",
                sirens().toString())); // the sirens map
        server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = server;
        CompletableFuture.runAsync(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        StringBuilder output = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l == null) {
                if (!p.isAlive()) fail("the server exited with " + p.exitValue());
                continue;
            }
            output.append(l).append('\n');
            if (l.startsWith("Tryvoha listening")) {
                adminKey = TestServer.adminKey(output.toString());
                return;
            }
        }
        fail("the server did not start within 60 s");
    }

    /** Two sirens for the /sirens map, one with a location and one without (table only). */
    private Path sirens() throws IOException {
        Path file = data.resolve("sirens.json");
        Files.writeString(
                file,
                "[{\"id\":\"bt-1\",\"zone\":\"UA63120270000028556\",\"name\":\"Kharkiv centre\",\"lat\":49.9935,\"lon\":36.2304},"
                        + "{\"id\":\"bt-2\",\"zone\":\"UA63120270000028556\"}]");
        return file;
    }

    private void stopServer() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
    }

    private void signal(String sig) throws Exception {
        assertThat(run(List.of("kill", "-" + sig, Long.toString(server.pid())), WEB))
                .isZero();
    }

    private static int run(List<String> cmd, Path dir) {
        try {
            return new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null && server.isAlive()) {
            signal("CONT");
            stopServer();
        }
    }
}
