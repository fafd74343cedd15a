package org.tryvoha.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tryvoha.json.Json;
import org.tryvoha.stream.Percentiles;

/**
 * The delivery benchmark: for each channel, a fresh target (a Tryvoha server in its own JVM, Mosquitto,
 * nats-server or the floor), N subscribers held by generator processes, events published and timed
 * from the moment before the operator's request to the arrival at the first and the last subscriber.
 */
public final class Bench {
    static final int PAYLOAD = 300;
    static final String TOPIC = "tryvoha/bench";

    /** What to run; see {@code BenchCommand} for each option's meaning. */
    public record Options(
            int subscribers,
            List<String> channels,
            String scenario,
            int events,
            int warmup,
            int procs,
            Path jar,
            Path work,
            List<String> serverJvmArgs,
            Path out,
            int gapMillis,
            String burstZone,
            long maxSeconds,
            Map<String, Integer> mix,
            int nodes,
            String postgres,
            String postgresUser,
            String natsUrl) {
        public Options(
                int subscribers,
                List<String> channels,
                String scenario,
                int events,
                int warmup,
                int procs,
                Path jar,
                Path work,
                List<String> serverJvmArgs,
                Path out,
                int gapMillis,
                String burstZone,
                long maxSeconds) {
            this(
                    subscribers,
                    channels,
                    scenario,
                    events,
                    warmup,
                    procs,
                    jar,
                    work,
                    serverJvmArgs,
                    out,
                    gapMillis,
                    burstZone,
                    maxSeconds,
                    Multi.DEFAULT_MIX,
                    1,
                    Multi.DEFAULT_POSTGRES,
                    "postgres",
                    Multi.DEFAULT_NATS);
        }
    }

    private final Options o;
    private final PrintStream log;
    private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();

    public Bench(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    public static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    public Map<String, Map<String, Object>> run() throws Exception {
        Files.createDirectories(o.work());
        Multi.validate(o);
        if (o.scenario().equals("mixed") || o.nodes() > 1) {
            Multi m = new Multi(o, log);
            Map<String, Map<String, Object>> r = o.nodes() > 1 ? m.cluster() : m.mixed();
            record(o.nodes() > 1 ? "cluster-" + o.channels().get(0) : "mixed", r);
            return r;
        }
        int port = 18700 + new Random().nextInt(200);
        for (String ch : o.channels()) {
            log.printf("%n== %s: %d subscribers, scenario %s ==%n", ch, o.subscribers(), o.scenario());
            Map<String, Object> r = runChannel(ch, port++);
            results.put(ch, r);
            record(ch, r);
        }
        Report.print(log, o, results);
        return results;
    }

    /** Prints a result and appends it to {@code --out} as one JSON line. */
    private void record(String ch, Object r) throws IOException {
        log.println(Json.MAPPER.writeValueAsString(r));
        if (o.out() != null) {
            Files.createDirectories(o.out().toAbsolutePath().getParent());
            Files.writeString(
                    o.out(),
                    Json.MAPPER.writeValueAsString(Map.of(
                                    "at",
                                    Instant.now().toString(),
                                    "channel",
                                    ch,
                                    "scenario",
                                    o.scenario(),
                                    "subscribers",
                                    o.subscribers(),
                                    "result",
                                    r))
                            + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private Map<String, Object> runChannel(String ch, int port) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("load_average", Multi.loadAverage());
        Targets.Target target;
        Targets.Tryvoha server = null;
        List<String> subs = null;
        Population pop = null;
        String spread = o.scenario().equals("oblast")
                        || o.scenario().equals("storm")
                        || o.scenario().equals("restart")
                ? "oblast"
                : "national";
        String zone = spread.equals("oblast") ? Population.KHARKIV_OBLAST : Population.UA;
        switch (ch) {
            case "ws", "sse" -> {
                server = new Targets.Tryvoha(
                        o.jar(), port, o.work().resolve("data-" + ch + "-" + System.nanoTime()), o.serverJvmArgs());
                target = server;
                pop = new Population(server);
                subs = pop.draw(spread, o.subscribers(), 42);
            }
            case "mqtt", "nats" ->
                target = new Targets.Broker(ch, port, o.work().resolve(ch + ".log"));
            case "floor" -> target = new Targets.Floor(port);
            default -> throw new IllegalArgumentException("unknown channel " + ch + "; use ws, sse, mqtt, nats, floor");
        }
        try (target) {
            long heap0 = server != null ? server.heapAfterGc() : 0;
            long rss0 = Targets.rssBytes(target.pid());
            List<String> paths = null;
            if (subs != null) {
                String base = ch.equals("sse") ? "/api/v1/stream?zone=" : "/api/v1/ws?zone=";
                paths = subs.stream().map(z -> base + z).toList();
            }
            int procs = o.procs() > 0 ? o.procs() : Multi.procsFor(o.subscribers());
            long c0 = System.nanoTime();
            try (Gens gens = new Gens(
                    ch.equals("floor") ? "raw" : ch,
                    target.port(),
                    paths,
                    o.subscribers(),
                    procs,
                    o.work(),
                    o.maxSeconds())) {
                long connected = gens.awaitReady(600, c0, r);
                if (target instanceof Targets.Floor f) f.awaitClients(connected, 30);
                if (server != null) {
                    long heap1 = server.heapAfterGc();
                    r.put("heap_used_bytes", heap1);
                    r.put("heap_per_subscriber_bytes", connected == 0 ? 0 : (heap1 - heap0) / connected);
                    server.histogram("histogram-" + ch + "-" + o.subscribers() + ".txt");
                }
                long rss1 = Targets.rssBytes(target.pid());
                r.put("rss_bytes", rss1);
                r.put("rss_per_subscriber_bytes", connected == 0 || rss1 < 0 ? 0 : (rss1 - rss0) / connected);

                Map<Long, Long> sent = new LinkedHashMap<>();
                if (o.scenario().equals("burst")) burst(target, server, pop, subs, gens, sent, r);
                else {
                    for (int i = 0; i < o.warmup(); i++) publishAndWait(target, zone, gens, new LinkedHashMap<>());
                    gens.dump(60);
                    if (server != null)
                        synchronized (server.postMicros) {
                            server.postMicros.clear();
                            server.postServerMicros.clear();
                        } // POST and server latency: measured events only
                    List<Long> genPids = gens.procs.stream().map(Process::pid).toList();
                    long cpu0 = Targets.cpuNanos(target.pid()), gen0 = Multi.cpu(genPids);
                    for (int i = 0; i < o.events(); i++) publishAndWait(target, zone, gens, sent);
                    long cpu1 = Targets.cpuNanos(target.pid()), gen1 = Multi.cpu(genPids);
                    if (o.scenario().equals("storm") || o.scenario().equals("restart"))
                        resume(target, server, zone, gens, sent, r);
                    Gens.Dump d = gens.dump(60);
                    summarise(d.events(), sent, o.subscribers(), null, r);
                    cpu(cpu0, cpu1, r);
                    generatorCpu(gen0, gen1, r);
                    r.put("gaps", d.gaps());
                    r.put("dups", d.dups());
                }
                if (server != null) {
                    long[] post, postServer;
                    synchronized (server.postMicros) {
                        post = server.postMicros.stream()
                                .mapToLong(Long::longValue)
                                .sorted()
                                .toArray();
                        postServer = server.postServerMicros.stream()
                                .mapToLong(Long::longValue)
                                .sorted()
                                .toArray();
                    }
                    r.put("post_ms", pcts(post));
                    if (postServer.length > 0)
                        r.put("post_server_ms", pcts(postServer)); // the server's Server-Timing: handler to answer
                    long afterSeq = sent.isEmpty()
                            ? 0
                            : Collections.min(sent.keySet()) - 1; // servers before 2026-11-24 ignore it
                    r.put(
                            "server_latency",
                            server.get("/api/v1/latency?after_seq=" + afterSeq)
                                    .path("channels")
                                    .path(ch));
                    r.put("event_bytes", ch.equals("sse") ? "SSE frame" : "WS text");
                }
            }
        }
        return r;
    }

    /** The target's CPU time over the measured events, per delivery and as deliveries per CPU second. */
    static void cpu(long cpu0, long cpu1, Map<String, Object> r) {
        long deliveries = ((Number) r.getOrDefault("deliveries", 0L)).longValue();
        if (cpu0 < 0 || cpu1 < 0 || deliveries == 0) return;
        double seconds = (cpu1 - cpu0) / 1e9;
        r.put("target_cpu_s", seconds);
        r.put("target_cpu_us_per_delivery", seconds * 1e6 / deliveries);
        r.put("deliveries_per_cpu_s", seconds <= 0 ? null : Math.round(deliveries / seconds));
    }

    /** The generator processes' own CPU time over the measured events, per delivery they received. */
    static void generatorCpu(long gen0, long gen1, Map<String, Object> r) {
        long deliveries = ((Number) r.getOrDefault("deliveries", 0L)).longValue();
        if (gen0 < 0 || gen1 < 0 || deliveries == 0) return;
        r.put("generator_cpu_s", (gen1 - gen0) / 1e9);
        r.put("generator_cpu_us_per_delivery", (gen1 - gen0) / 1e3 / deliveries);
    }

    private void publishAndWait(Targets.Target t, String zone, Gens gens, Map<Long, Long> sent) throws Exception {
        publishAndWait(t, zone, gens, sent, o.gapMillis(), log);
    }

    /** Publishes one event, notes when it was sent, waits until every generator has it (at most 30 s). */
    static void publishAndWait(
            Targets.Target t, String zone, Gens gens, Map<Long, Long> sent, int gapMillis, PrintStream log)
            throws Exception {
        long t0 = nowMicros();
        long seq = t.publish(zone);
        sent.put(seq, t0);
        if (!gens.awaitComplete(seq, 30_000))
            log.println("event " + seq + " did not reach every subscriber within 30 s");
        if (gapMillis > 0) Thread.sleep(gapMillis);
    }

    /** Every subscriber drops and resumes at once (storm), or the server restarts under them (restart). */
    private void resume(
            Targets.Target t,
            Targets.Tryvoha server,
            String zone,
            Gens gens,
            Map<Long, Long> sent,
            Map<String, Object> r)
            throws Exception {
        long t0 = System.nanoTime();
        if (o.scenario().equals("storm")) {
            gens.send("STORM");
            for (int i = 0; i < 3; i++) { // events while everyone is away: the resume must bring them
                Thread.sleep(100);
                long at = nowMicros();
                sent.put(t.publish(zone), at);
            }
        } else {
            if (server == null)
                throw new IllegalArgumentException("the restart scenario needs a Tryvoha channel (ws or sse)");
            r.put("restart_ms", server.restart());
        }
        long worst = 0, failed = 0;
        for (String l : gens.awaitAll("RESUMED", 120)) {
            failed += Long.parseLong(l.split(" ")[2]);
            worst = Math.max(worst, Long.parseLong(l.split(" ")[3]));
        }
        r.put("resumed_all_ms", (System.nanoTime() - t0) / 1_000_000);
        r.put("resume_failed", failed);
        long at = nowMicros();
        long seq = t.publish(zone);
        sent.put(seq, at);
        r.put("after_resume_event_reached_all", gens.awaitComplete(seq, 30_000));
    }

    /** 100 alerts within one second on the raions (or {@code burst-zone}) of random subscribers. */
    private void burst(
            Targets.Target t,
            Targets.Tryvoha server,
            Population pop,
            List<String> subs,
            Gens gens,
            Map<Long, Long> sent,
            Map<String, Object> r)
            throws Exception {
        if (server == null)
            throw new IllegalArgumentException("the burst scenario needs a Tryvoha channel (ws or sse)");
        Random rnd = new Random(7);
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < o.events(); i++) {
            zones.add(
                    o.burstZone().equals("raion") ? pop.parent.get(subs.get(rnd.nextInt(subs.size()))) : o.burstZone());
        }
        Map<Long, Integer> expected = new LinkedHashMap<>();
        int threads = 4;
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        List<Long> genPids = gens.procs.stream().map(Process::pid).toList();
        long cpu0 = Targets.cpuNanos(t.pid()), gen0 = Multi.cpu(genPids);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int wi = w;
            fs.add(ex.submit(() -> {
                for (int i = wi; i < zones.size(); i += threads) {
                    long due = start + (long) i * 1_000_000_000L / zones.size();
                    while (System.nanoTime() < due) Thread.onSpinWait();
                    long at = nowMicros();
                    long seq = server.raise(zones.get(i)).path("seq").asLong();
                    int exp = 0;
                    for (String s : subs) if (pop.inside(s, zones.get(i))) exp++;
                    synchronized (sent) {
                        sent.put(seq, at);
                        expected.put(seq, exp);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        ex.shutdown();
        r.put("burst_posting_seconds", (System.nanoTime() - start) / 1e9);
        long total = expected.values().stream().mapToLong(Integer::longValue).sum();
        long waitUntil = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < waitUntil) { // until the events meant for everyone have arrived, or a minute
            long done = expected.entrySet().stream()
                    .filter(e -> e.getValue() == subs.size())
                    .filter(e -> !gens.complete.containsKey(e.getKey()))
                    .count();
            if (done == 0) break;
            gens.awaitComplete(-1, 200);
        }
        Thread.sleep(2000 + subs.size() / 10);
        long cpu1 = Targets.cpuNanos(t.pid()), gen1 = Multi.cpu(genPids); // the sleep's heartbeats included
        Gens.Dump d = gens.dump(60);
        summarise(d.events(), sent, -1, expected, r);
        r.put("expected_deliveries", total);
        cpu(cpu0, cpu1, r);
        generatorCpu(gen0, gen1, r);
    }

    /** Latency to the first and last subscriber per event, as percentiles over the events. */
    static void summarise(
            Map<Long, long[]> events,
            Map<Long, Long> sent,
            int everyone,
            Map<Long, Integer> expected,
            Map<String, Object> r) {
        List<Long> first = new ArrayList<>(), last = new ArrayList<>(), rates = new ArrayList<>();
        long deliveries = 0, missing = 0, minSent = Long.MAX_VALUE, maxArrival = 0;
        for (Map.Entry<Long, Long> s : sent.entrySet()) {
            long[] e = events.get(s.getKey());
            int exp = expected != null ? expected.getOrDefault(s.getKey(), 0) : everyone;
            long got = e == null ? 0 : e[0];
            missing += Math.abs(exp - got);
            if (e == null) continue;
            deliveries += got;
            first.add(e[1] - s.getValue());
            last.add(e[2] - s.getValue());
            rates.add(e[2] > s.getValue() ? got * 1_000_000 / (e[2] - s.getValue()) : 0);
            minSent = Math.min(minSent, s.getValue());
            maxArrival = Math.max(maxArrival, e[2]);
        }
        r.put("events", sent.size());
        r.put(
                "first_ms",
                pcts(first.stream().mapToLong(Long::longValue).sorted().toArray()));
        r.put("last_ms", pcts(last.stream().mapToLong(Long::longValue).sorted().toArray()));
        r.put("deliveries", deliveries);
        long[] rs = rates.stream().mapToLong(Long::longValue).sorted().toArray();
        r.put("deliveries_per_s_per_event_p50", Percentiles.nearestRank(rs, 50));
        r.put("deliveries_per_s_overall", maxArrival > minSent ? deliveries * 1_000_000 / (maxArrival - minSent) : 0);
        r.put("errors_missing_or_extra", missing);
    }

    static Map<String, Object> pcts(long[] sortedMicros) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int p : new int[] {50, 90, 99}) m.put("p" + p, Percentiles.nearestRank(sortedMicros, p) / 1000.0);
        m.put("max", sortedMicros.length == 0 ? -1 : sortedMicros[sortedMicros.length - 1] / 1000.0);
        m.put("n", sortedMicros.length);
        return m;
    }

    static long[] sorted(long... v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c;
    }
}
