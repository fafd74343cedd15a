package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code tryvoha bench flood}: what a flood of wrong operator keys does to an admin's raise. Starts a
 * server from the jar, creates an operator account (its id is what any viewer sees in /approvals),
 * times {@code pairs} raises and cancels with the admin key on a quiet server, then again while
 * {@code connections} keep-alive connections send well-formed keys with wrong secrets for that id as
 * fast as the server answers them, and prints both, the ratio of the p99s and what the flood got.
 */
final class Flood {
    private static final String ZONE = "UA63000000000041885"; // Kharkiv oblast
    private static final SecureRandom RANDOM = new SecureRandom();

    record Options(
            Path jar,
            Path work,
            int connections,
            int pairs,
            int warmup,
            int settleMillis,
            List<String> serverJvmArgs) {}

    private final Options o;
    private final PrintStream out;

    Flood(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    void run() throws Exception {
        Path dir = o.work().resolve("flood-" + System.nanoTime());
        Files.createDirectories(dir);
        try (Targets.Tryvoha server =
                new Targets.Tryvoha(o.jar(), Targets.freePort(), dir.resolve("data"), o.serverJvmArgs())) {
            JsonNode created = server.post(
                    "/api/v1/operators",
                    "{\"name\":\"flood-target\",\"role\":\"viewer\",\"zones\":\"*\",\"types\":\"*\"}");
            String id = created.path("key").asText().substring(0, 17); // tvo_<id>_
            times(server, o.warmup());
            long[][] quiet = times(server, o.pairs());

            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            List<Thread> flooders = new ArrayList<>();
            for (int i = 0; i < o.connections(); i++) {
                Thread t = Thread.ofPlatform().name("flood-" + i).start(() -> flood(server.port(), id, stop, statuses));
                flooders.add(t);
            }
            Thread.sleep(o.settleMillis());
            long sent0 = total(statuses), t0 = System.nanoTime();
            long[][] flooded = times(server, o.pairs());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long sent = total(statuses) - sent0;
            stop.set(true);
            for (Thread t : flooders) t.join(10_000);

            out.printf(
                    Locale.ROOT,
                    "key-check flood: %d connections, wrong keys for operator %s; %d raise+cancel pairs each phase%n",
                    o.connections(),
                    id.substring(4, 16),
                    o.pairs());
            out.printf(
                    Locale.ROOT,
                    "%-22s %10s %10s %10s %10s%n",
                    "",
                    "raise p50",
                    "raise p99",
                    "cancel p50",
                    "cancel p99");
            row("quiet", quiet);
            row("flood", flooded);
            out.printf(
                    Locale.ROOT,
                    "raise p99 flood/quiet: %.2f   cancel p99 flood/quiet: %.2f%n",
                    ms(pct(flooded[0], 99)) / ms(pct(quiet[0], 99)),
                    ms(pct(flooded[1], 99)) / ms(pct(quiet[1], 99)));
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
            out.printf(
                    Locale.ROOT,
                    "flood during the measured phase: %d requests in %.1f s (%.0f/s); all answers by status: %s%n",
                    sent,
                    seconds,
                    sent / seconds,
                    byStatus);
        }
    }

    /** Raise then cancel {@code n} times with the admin key; the times in µs, raises and cancels. */
    private static long[][] times(Targets.Tryvoha server, int n) throws Exception {
        long[] raise = new long[n], cancel = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonNode r = server.raise(ZONE);
            long t1 = System.nanoTime();
            server.post("/api/v1/alerts/" + r.path("alert").path("id").asText() + "/cancel", null);
            long t2 = System.nanoTime();
            raise[i] = (t1 - t0) / 1000;
            cancel[i] = (t2 - t1) / 1000;
        }
        return new long[][] {raise, cancel};
    }

    /** One flooding connection: a new wrong secret for the id each time, until {@code stop}. */
    private static void flood(int port, String id, AtomicBoolean stop, Map<Integer, LongAdder> statuses) {
        try (Post c = new Post("127.0.0.1", port)) {
            byte[] raw = new byte[32];
            while (!stop.get()) {
                RANDOM.nextBytes(raw);
                String key = id + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                int status;
                try {
                    status = c.send("GET", "/api/v1/whoami", null, "Authorization: Bearer " + key)
                            .status();
                } catch (Exception e) {
                    status = -1; // the connection failed: counted, and the next send reconnects
                }
                statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
        }
    }

    private static long total(Map<Integer, LongAdder> statuses) {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private void row(String name, long[][] t) {
        out.printf(
                Locale.ROOT,
                "%-22s %8.1f ms %7.1f ms %7.1f ms %7.1f ms%n",
                name,
                ms(pct(t[0], 50)),
                ms(pct(t[0], 99)),
                ms(pct(t[1], 50)),
                ms(pct(t[1], 99)));
    }

    static long pct(long[] micros, int p) {
        long[] s = micros.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
