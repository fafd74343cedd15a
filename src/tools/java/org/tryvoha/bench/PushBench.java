package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench push}: a Tryvoha server (its own JVM) with N Web Push subscriptions in one zone, all
 * pointing at a local {@link PushServiceSim} (this JVM) over HTTP/2 on loopback; each event (raise,
 * cancel, …) is pushed to every one of them, encrypted and signed, and the push service decrypts and
 * checks every push. Per event: commit → first and last push, pushes per second, and the CPU the
 * server and the push service spent per push.
 *
 * <p>The subscriptions are written straight into the server's SQLite file between its first start
 * (which makes the schema and the admin key) and its second, which loads them: 100,000 through the
 * API would take longer than the benchmark.
 */
final class PushBench {
    record Options(
            Path jar,
            Path work,
            int subscribers,
            int events,
            int warmup,
            String zone,
            List<String> serverJvmArgs,
            List<String> serveArgs,
            int simLoops,
            int gapMillis) {}

    private final Options o;
    private final PrintStream out;

    PushBench(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        out.printf("making %,d browser key pairs…%n", o.subscribers());
        try (PushServiceSim sim = new PushServiceSim(o.subscribers(), o.simLoops())) {
            out.printf(
                    "push service on %s (HTTP/2 h2c), keys made in %d ms%n",
                    sim.origin(), (System.nanoTime() - t0) / 1_000_000);
            Path dir = o.work().resolve("push-" + System.currentTimeMillis());
            Path data = dir.resolve("data");
            List<String> serve = new ArrayList<>(List.of(
                    "--push-allow-http", "true", "--outbound-allow-private", "true", "--push-ttl-seconds", "900"));
            serve.addAll(o.serveArgs());
            Targets.Tryvoha server =
                    new Targets.Tryvoha(o.jar(), Targets.freePort(), data, o.serverJvmArgs(), serve, null);
            try {
                Targets.stop(server.process);
                insert(data.resolve("tryvoha.db"), sim);
                server.start();
                JsonNode key = server.get("/api/v1/push/key");
                sim.expectVapidKey(key.path("public_key").asText());
                out.printf(
                        "server pid %d: %s subscriptions loaded, per-push EC on %s%n",
                        server.pid(),
                        key.path("status").path("subscriptions").asText(),
                        key.path("status").path("crypto").asText());
                measure(server, sim);
            } finally {
                server.close();
            }
        }
    }

    private void insert(Path db, PushServiceSim sim) throws Exception {
        long t0 = System.nanoTime();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO push_subscriptions (endpoint, p256dh, auth, zones, drills, created_at) VALUES (?, ?, ?, ?, 0, ?)")) {
                String now = Instant.now().toString();
                for (int i = 0; i < sim.browsers.length; i++) {
                    p.setString(1, sim.endpoint(i));
                    p.setString(2, b64.encodeToString(sim.browsers[i].publicKey()));
                    p.setString(3, b64.encodeToString(sim.browsers[i].auth()));
                    p.setString(4, o.zone());
                    p.setString(5, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
        out.printf(
                "%,d subscriptions written to %s in %d ms%n",
                sim.browsers.length, db, (System.nanoTime() - t0) / 1_000_000);
    }

    private void measure(Targets.Tryvoha server, PushServiceSim sim) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = o.subscribers();
        List<double[]> rows = new ArrayList<>();
        out.println("event  kind      pushes   commit→first  commit→last  first→last  pushes/s  server CPU µs/push"
                + "  push-service CPU µs/push");
        for (int e = 0; e < o.warmup() + o.events(); e++) {
            long serverCpu0 = Targets.cpuNanos(server.pid()), simCpu0 = os.getProcessCpuTime();
            long seq = server.publish(o.zone());
            long deadline = System.nanoTime() + 60_000_000_000L;
            PushServiceSim.Arrivals a;
            while (((a = sim.events.get(seq)) == null || a.count.sum() < n) && System.nanoTime() < deadline)
                Thread.sleep(2);
            Thread.sleep(50); // the last answers' CPU
            long serverCpu = Targets.cpuNanos(server.pid()) - serverCpu0, simCpu = os.getProcessCpuTime() - simCpu0;
            long got = a == null ? 0 : a.count.sum();
            double first = a == null ? Double.NaN : (a.firstNanos.get() - a.atNanos) / 1e6;
            double last = a == null ? Double.NaN : sim.commitToLastNanos(seq) / 1e6;
            double spread = a == null ? Double.NaN : (a.lastNanos.get() - a.firstNanos.get()) / 1e6;
            double rate = got / Math.max(spread, last - first) * 1000;
            boolean measured = e >= o.warmup();
            out.printf(
                    Locale.ROOT,
                    "%5d  %-8s %,8d  %10.0f ms  %9.0f ms  %8.0f ms  %,8.0f  %18.1f  %24.1f%s%n",
                    seq,
                    e % 2 == 0 ? "raise" : "cancel",
                    got,
                    first,
                    last,
                    spread,
                    rate,
                    serverCpu / 1000.0 / Math.max(1, got),
                    simCpu / 1000.0 / Math.max(1, got),
                    measured ? "" : "  (warm-up)");
            if (got < n) out.printf("  only %,d of %,d arrived within 60 s%n", got, n);
            if (measured) rows.add(new double[] {last, rate, serverCpu / 1000.0 / Math.max(1, got), got});
            Thread.sleep(o.gapMillis());
        }
        summary(rows, sim, server);
    }

    private void summary(List<double[]> rows, PushServiceSim sim, Targets.Tryvoha server) throws Exception {
        double[] last = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double rate = rows.stream().mapToDouble(r -> r[1]).average().orElse(Double.NaN);
        double cpu = rows.stream().mapToDouble(r -> r[2]).average().orElse(Double.NaN);
        out.printf(
                Locale.ROOT,
                "%n%d measured events of %,d pushes: commit → last push p50 %.0f ms, max %.0f ms; %,.0f pushes/s "
                        + "(mean); server CPU %.1f µs a push (%,.0f pushes/s per core)%n",
                last.length,
                o.subscribers(),
                last.length == 0 ? Double.NaN : last[(last.length - 1) / 2],
                last.length == 0 ? Double.NaN : last[last.length - 1],
                rate,
                cpu,
                1e6 / cpu);
        out.printf(
                "push service: %,d accepted, %,d refused (last: %s), %,d over HTTP/2%n",
                sim.accepted.sum(), sim.rejected.sum(), sim.lastRejection, sim.h2.sum());
        out.println("server /api/v1/latency push: "
                + server.get("/api/v1/latency")
                        .path("push")
                        .path("webpush")
                        .path("events")
                        .path(0));
        Files.createDirectories(o.work());
    }
}
