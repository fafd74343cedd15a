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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
 *
 * <p>With {@code --nodes N} the server is a cluster of N nodes on this machine sharing a fresh
 * PostgreSQL database and private JetStream streams, each node pushing shares of every event; the
 * subscriptions go into PostgreSQL the same way, the alerts to the first node, and the CPU per push
 * is that of all nodes together. The database and the streams are removed afterwards.
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
            int gapMillis,
            int nodes,
            String postgres,
            String postgresUser,
            String natsUrl,
            int decryptEvery) {}

    private final Options o;
    private final PrintStream out;

    PushBench(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        out.printf("making %,d browser key pairs…%n", o.subscribers());
        try (PushServiceSim sim = new PushServiceSim(o.subscribers(), o.simLoops(), o.decryptEvery())) {
            out.printf(
                    "push service on %s (HTTP/2 h2c), keys made in %d ms; it decrypts %s%n",
                    sim.origin(),
                    (System.nanoTime() - t0) / 1_000_000,
                    o.decryptEvery() == 1
                            ? "every push"
                            : "one push in " + o.decryptEvery() + " and checks the framing of all");
            Path dir = o.work().resolve("push-" + System.currentTimeMillis());
            List<String> serve = new ArrayList<>(List.of(
                    "--push-allow-http", "true", "--outbound-allow-private", "true", "--push-ttl-seconds", "900"));
            serve.addAll(o.serveArgs());
            if (o.nodes() > 0) {
                cluster(dir, serve, sim);
                return;
            }
            Path data = dir.resolve("data");
            Targets.Tryvoha server =
                    new Targets.Tryvoha(o.jar(), Targets.freePort(), data, o.serverJvmArgs(), serve, null);
            try {
                Targets.stop(server.process);
                insert("jdbc:sqlite:" + data.resolve("tryvoha.db"), null, sim);
                server.start();
                loaded(List.of(server), sim);
                measure(List.of(server), sim);
            } finally {
                server.close();
            }
        }
    }

    /** The VAPID key every token must carry, and what each node loaded. */
    private void loaded(List<Targets.Tryvoha> nodes, PushServiceSim sim) throws Exception {
        for (Targets.Tryvoha n : nodes) {
            JsonNode key = n.get("/api/v1/push/key");
            sim.expectVapidKey(key.path("public_key").asText());
            out.printf(
                    "server pid %d: %s subscriptions loaded, per-push EC on %s%n",
                    n.pid(),
                    key.path("status").path("subscriptions").asText(),
                    key.path("status").path("crypto").asText());
        }
    }

    private void cluster(Path dir, List<String> serve, PushServiceSim sim) throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String db = "tryvoha_pushbench_" + suffix, stream = "PUSHBENCH_" + suffix.toUpperCase(Locale.ROOT);
        Multi.checkNats(o.natsUrl());
        Multi.admin(o.postgres(), o.postgresUser(), "CREATE DATABASE " + db);
        String pgUrl = "jdbc:postgresql://" + o.postgres() + "/" + db;
        out.printf("cluster of %d nodes: database %s, stream %s%n", o.nodes(), db, stream);
        List<Targets.Tryvoha> nodes = new ArrayList<>();
        try {
            List<String> first = new ArrayList<>(serve);
            first.addAll(Multi.clusterArgs(pgUrl, o.postgresUser(), o.natsUrl(), stream));
            // the first start makes the schema and the admin key; the subscriptions go in before any node loads them
            Targets.Tryvoha n1 = new Targets.Tryvoha(
                    o.jar(), Targets.freePort(), dir.resolve("data-n1"), o.serverJvmArgs(), node(first, 1), null);
            Targets.stop(n1.process);
            insert(pgUrl, o.postgresUser(), sim);
            List<CompletableFuture<Targets.Tryvoha>> starting = new ArrayList<>();
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    n1.start();
                    return n1;
                } catch (Exception e) {
                    throw new IllegalStateException("node n1 did not restart: " + e.getMessage(), e);
                }
            }));
            for (int i = 2; i <= o.nodes(); i++)
                starting.add(Multi.startNode(
                        o.jar(), dir.resolve("data-n" + i), o.serverJvmArgs(), node(first, i), n1.key, i));
            nodes.clear();
            for (var f : starting) nodes.add(f.join());
            loaded(nodes, sim);
            measure(nodes, sim);
            for (Targets.Tryvoha n : nodes)
                out.println("node pid " + n.pid() + " push status: "
                        + n.get("/api/v1/push/key").path("status"));
        } finally {
            for (Targets.Tryvoha n : nodes) if (n != null) n.close();
            Multi.deleteStream(o.natsUrl(), stream, out);
            Multi.deleteStream(o.natsUrl(), stream + "_WORK", out);
            Multi.admin(o.postgres(), o.postgresUser(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    /** The first node writes and takes the alerts; the others are edges (they push their shares all the same). */
    private static List<String> node(List<String> common, int i) {
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("--role", i == 1 ? "both" : "edge", "--node-id", "n" + i));
        return a;
    }

    private void insert(String url, String user, PushServiceSim sim) throws Exception {
        long t0 = System.nanoTime();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        try (Connection c = DriverManager.getConnection(url, user, null)) {
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
                sim.browsers.length, url, (System.nanoTime() - t0) / 1_000_000);
    }

    private static long cpuNanos(List<Targets.Tryvoha> nodes) {
        long sum = 0;
        for (Targets.Tryvoha n : nodes) sum += Targets.cpuNanos(n.pid());
        return sum;
    }

    private void measure(List<Targets.Tryvoha> nodes, PushServiceSim sim) throws Exception {
        Targets.Tryvoha server = nodes.get(0);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = o.subscribers();
        List<double[]> rows = new ArrayList<>();
        out.println("event  kind      pushes   commit→first  commit→last  first→last  pushes/s  server CPU µs/push"
                + "  push-service CPU µs/push");
        for (int e = 0; e < o.warmup() + o.events(); e++) {
            long serverCpu0 = cpuNanos(nodes), simCpu0 = os.getProcessCpuTime();
            long seq = server.publish(o.zone());
            long deadline = System.nanoTime() + 60_000_000_000L;
            PushServiceSim.Arrivals a;
            while (((a = sim.events.get(seq)) == null || a.count.sum() < n) && System.nanoTime() < deadline)
                Thread.sleep(2);
            Thread.sleep(50); // the last answers' CPU
            long serverCpu = cpuNanos(nodes) - serverCpu0, simCpu = os.getProcessCpuTime() - simCpu0;
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
