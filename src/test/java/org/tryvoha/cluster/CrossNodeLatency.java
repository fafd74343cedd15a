package org.tryvoha.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.tryvoha.SseClient;
import org.tryvoha.bus.nats.NatsTestSupport;
import org.tryvoha.json.Json;
import org.tryvoha.store.postgres.PgTestDatabase;

/**
 * Benchmark, not a test: end-to-end latency from the start of an operator's POST to the event's
 * arrival on SSE subscribers, on one node (SQLite, in-process bus) and across nodes (operator on
 * node A, subscribers on B and C; PostgreSQL + NATS). Alerts are raised one at a time. Run:
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package test-compile
 * java -cp target/test-classes:target/tryvoha.jar -Dtryvoha.jar=target/tryvoha.jar org.tryvoha.cluster.CrossNodeLatency 300
 * </pre>
 */
public final class CrossNodeLatency {
    static final String ZONE = ClusterFaultIT.ZONE;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("tryvoha-bench");
        try (NodeProcess single = NodeProcess.start("single", List.of("--data-dir", dir.toString()))
                .join()) {
            String key = NodeProcess.run("keys", "create", "--name", "bench", "--data-dir", dir.toString());
            report(
                    "single node (SQLite, local bus), subscriber on the same node",
                    measure(n, key, single.base, List.of(single.base)));
        }
        String stream = NatsTestSupport.uniqueStream("BENCH");
        try (PgTestDatabase db = PgTestDatabase.create("tryvoha_bench")) {
            String key = NodeProcess.createKey("bench", db.url());
            List<String> common = NodeProcess.clusterArgs(db.url(), NatsTestSupport.sharedUrl(), stream);
            List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) starting.add(NodeProcess.start(name, common));
            List<NodeProcess> nodes =
                    starting.stream().map(CompletableFuture::join).toList();
            try {
                report(
                        "cluster: operator on A, subscribers on B and C (PostgreSQL + NATS)",
                        measure(n, key, nodes.get(0).base, List.of(nodes.get(1).base, nodes.get(2).base)));
                report(
                        "cluster: operator on A, subscriber on A (PostgreSQL + NATS)",
                        measure(n, key, nodes.get(0).base, List.of(nodes.get(0).base)));
            } finally {
                for (NodeProcess p : nodes) p.close();
                NatsTestSupport.deleteStream(NatsTestSupport.SHARED_URL, stream);
                NatsTestSupport.deleteStream(
                        NatsTestSupport.SHARED_URL, stream + "_WORK"); // the nodes' Web Push shares
            }
        }
    }

    /** Latencies in ms, one per (alert, subscriber). The first 20 alerts warm up and are not counted. */
    static double[] measure(int n, String key, String writer, List<String> subscribers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<SseClient> subs = new ArrayList<>();
        for (String s : subscribers) {
            SseClient c = SseClient.open(s + "/api/v1/stream?zone=" + ZONE, null);
            c.next("state", 10);
            subs.add(c);
        }
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> lat = new ArrayList<>();
        int warm = 20;
        for (int i = 0; i < n + warm; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(writer + "/api/v1/alerts"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"air_raid\",\"zones\":[\"" + ZONE
                                    + "\"],\"message\":{\"uk\":\"т\",\"en\":\"t\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("raise refused: " + r.body());
            long seq = Json.MAPPER.readTree(r.body()).get("seq").asLong();
            sentAt.put(seq, t0);
            for (SseClient c : subs) {
                SseClient.Message m = c.next("alert", 10);
                long got = System.nanoTime();
                if (Long.parseLong(m.id()) != seq)
                    throw new IllegalStateException("expected " + seq + ", got " + m.id());
                if (i >= warm) lat.add((got - t0) / 1e6);
            }
        }
        for (SseClient c : subs) c.close();
        return lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static void report(String what, double[] ms) {
        System.out.printf(
                "%-70s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  mean %.2f ms%n",
                what,
                ms.length,
                pct(ms, 50),
                pct(ms, 90),
                pct(ms, 99),
                ms[ms.length - 1],
                Arrays.stream(ms).average().orElse(0));
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
