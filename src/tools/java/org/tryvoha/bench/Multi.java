package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * The runs with several kinds of subscriber or several servers at once: {@code mixed} (WebSocket,
 * SSE subscribers and MQTT sirens of one server at the same time, the sirens registered in the
 * server's siren registry and talking to a private Mosquitto the server publishes to) and a cluster of {@code --nodes} server processes sharing a fresh
 * PostgreSQL database and a private JetStream stream, every subscriber timed from the same operator
 * request.
 */
final class Multi {
    static final List<String> KINDS = List.of("ws", "sse", "mqtt", "mqtt-events"); // before DEFAULT_MIX, which needs it
    static final Map<String, Integer> DEFAULT_MIX = mix("ws:10000,sse:5000,mqtt:2000");
    static final String DEFAULT_POSTGRES = "127.0.0.1:5432", DEFAULT_NATS = "nats://127.0.0.1:4222";
    /** Connections one process — a server or a load generator — may hold here (20,000 open files per process, less its own). */
    static final int PER_PROCESS = 19_000;
    /** Up to this many subscribers, one generator process holds them all. */
    static final int ONE_GENERATOR = 5_000;

    static final int MAX_NODES = 12;
    /** Where a Tryvoha server's MQTT delivery publishes every event. */
    static final String MQTT_EVENTS = "tryvoha/events";
    /** The server's MQTT topic prefix (its default). */
    static final String MQTT_PREFIX = "tryvoha";

    private final Bench.Options o;
    private final PrintStream log;

    Multi(Bench.Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /**
     * Parses {@code ws:10000,sse:5000,mqtt:2000} (kinds ws, sse, mqtt: sirens, mqtt-events: plain
     * subscribers of {@code tryvoha/events}; each at most once, 1..19,000).
     */
    static Map<String, Integer> mix(String spec) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split(":");
            if (kv.length != 2 || !KINDS.contains(kv[0]) || !kv[1].matches("\\d{1,6}")) {
                throw new IllegalArgumentException(
                        "--mix takes kind:count pairs with kinds ws, sse, mqtt (sirens), mqtt-events, "
                                + "e.g. ws:10000,sse:5000,mqtt:2000; got '" + part + "'");
            }
            int n = Integer.parseInt(kv[1]);
            if (n < 1 || n > PER_PROCESS)
                throw new IllegalArgumentException(
                        "--mix: " + kv[0] + " count must be 1.." + PER_PROCESS + ", got " + n);
            if (m.put(kv[0], n) != null) throw new IllegalArgumentException("--mix names " + kv[0] + " twice");
        }
        return m;
    }

    /** Refuses combinations the harness cannot run, saying why. */
    static void validate(Bench.Options o) {
        if (o.nodes() < 1 || o.nodes() > MAX_NODES)
            throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", got " + o.nodes());
        if (o.scenario().equals("mixed")) {
            if (o.nodes() > 1)
                throw new IllegalArgumentException("the mixed scenario runs on one server; leave out --nodes");
            int streams = o.mix().getOrDefault("ws", 0) + o.mix().getOrDefault("sse", 0);
            if (streams > PER_PROCESS) {
                throw new IllegalArgumentException("--mix: ws + sse = " + streams
                        + " exceeds what one server process can hold here (" + PER_PROCESS + ")");
            }
            return;
        }
        if (o.nodes() == 1) return;
        if (!List.of("oblast", "nationwide").contains(o.scenario())) {
            throw new IllegalArgumentException(
                    "--nodes > 1 runs the oblast or nationwide scenario, not " + o.scenario());
        }
        if (o.channels().size() != 1
                || !List.of("ws", "sse").contains(o.channels().get(0))) {
            throw new IllegalArgumentException(
                    "--nodes > 1 needs exactly one Tryvoha channel: --channels ws or --channels sse");
        }
        long perNode = (o.subscribers() + (long) o.nodes() - 1) / o.nodes();
        if (perNode > PER_PROCESS) {
            throw new IllegalArgumentException(o.subscribers() + " subscribers over " + o.nodes() + " nodes is "
                    + perNode + " per node, more than one process can hold here (" + PER_PROCESS + "); add nodes");
        }
    }

    /**
     * Generator processes for {@code n} subscribers: one up to {@link #ONE_GENERATOR}, else two (one
     * selector thread per core of this box), more only where a process would pass {@link #PER_PROCESS}
     * open connections. Each process costs CPU of its own on the cores it measures: at 19,000, two
     * processes took 25–30 % less generator CPU per delivery than four, and the server 10 % less
     * (BENCHMARKS.md, the sixth delivery pass).
     */
    static int procsFor(int n) {
        return n <= ONE_GENERATOR ? 1 : Math.max(2, (n + PER_PROCESS - 1) / PER_PROCESS);
    }

    /**
     * 10,000 WebSocket + 5,000 SSE subscribers and 2,000 MQTT sirens (by default) of one server, one
     * oblast alert (Kharkiv) at a time. The sirens stand where people live, nationwide ({@link
     * Population}); they are written to a siren registry the server loads, and only those in Kharkiv
     * oblast must get each command.
     */
    Map<String, Map<String, Object>> mixed() throws Exception {
        Map<String, Integer> mix = o.mix();
        log.printf("%n== mixed: %s on one server, scenario oblast ==%n", mix);
        boolean mqtt = mix.containsKey("mqtt") || mix.containsKey("mqtt-events");
        int mqttPort = Targets.freePort();
        List<String> sirens = mix.containsKey("mqtt") ? sirens(mix.get("mqtt"), 7) : List.of();
        List<String> serveArgs = new ArrayList<>();
        if (!sirens.isEmpty()) {
            Path file = o.work().resolve("sirens-" + System.nanoTime() + ".json");
            Files.writeString(file, registry(sirens));
            serveArgs.addAll(List.of("--sirens-file", file.toString()));
        }
        Process broker = mqtt ? Targets.startBroker("mqtt", mqttPort, o.work().resolve("mosquitto-mixed.log")) : null;
        if (broker != null) serveArgs.addAll(List.of("--mqtt-url", "mqtt://127.0.0.1:" + mqttPort));
        try (Targets.Tryvoha server = new Targets.Tryvoha(
                o.jar(),
                Targets.freePort(),
                o.work().resolve("data-mixed-" + System.nanoTime()),
                o.serverJvmArgs(),
                serveArgs,
                null)) {
            if (broker != null) awaitMqtt(server);
            Population pop = new Population(server);
            List<Gens.Group> groups = new ArrayList<>();
            long seed = 42;
            for (Map.Entry<String, Integer> e : mix.entrySet()) {
                String kind = e.getKey();
                int n = e.getValue();
                if (kind.equals("mqtt"))
                    groups.add(new Gens.Group("mqtt", "siren", mqttPort, sirens, 0, MQTT_PREFIX, procsFor(n)));
                else if (kind.equals("mqtt-events"))
                    groups.add(new Gens.Group(kind, "mqtt", mqttPort, null, n, MQTT_EVENTS, procsFor(n)));
                else {
                    String base = kind.equals("sse") ? "/api/v1/stream?zone=" : "/api/v1/ws?zone=";
                    List<String> paths = pop.draw("oblast", n, seed++).stream()
                            .map(z -> base + z)
                            .toList();
                    groups.add(new Gens.Group(kind, kind, server.port(), paths, 0, null, procsFor(n)));
                }
            }
            Map<String, Object> all = new LinkedHashMap<>();
            Map<String, Map<String, Object>> results =
                    run(groups, List.of(server), server, Population.KHARKIV_OBLAST, all);
            all.put(
                    "post_ms",
                    Bench.pcts(server.postMicros.stream()
                            .mapToLong(Long::longValue)
                            .sorted()
                            .toArray()));
            all.put("server_latency", server.get("/api/v1/latency").path("channels"));
            all.put("mqtt", server.get("/api/v1/sirens").path("mqtt"));
            all.put("broker_rss_bytes", broker == null ? -1 : Targets.rssBytes(broker.pid()));
            results.put("all", all);
            Report.mixed(log, o, results);
            return results;
        } finally {
            Targets.stop(broker);
        }
    }

    /**
     * {@code n} sirens as {@code id zone in|out}: ids {@code bench-s00001}..., zones drawn like people
     * nationwide, {@code in} when the mixed scenario's alert (Kharkiv oblast) covers the zone.
     */
    static List<String> sirens(int n, long seed) {
        Population pop = new Population(ZoneTree.loadDefault(ShelterConfig.defaults()));
        List<String> out = new ArrayList<>(n);
        List<String> zones = pop.draw("national", n, seed);
        for (int i = 0; i < n; i++) {
            String z = zones.get(i);
            out.add(String.format(
                    "bench-s%05d %s %s", i + 1, z, pop.inside(z, Population.KHARKIV_OBLAST) ? "in" : "out"));
        }
        return out;
    }

    /** The server's siren registry (sirens-file) for {@link #sirens} lines. */
    static String registry(List<String> sirens) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < sirens.size(); i++) {
            String[] f = sirens.get(i).split(" ");
            b.append("{\"id\":\"")
                    .append(f[0])
                    .append("\",\"zone\":\"")
                    .append(f[1])
                    .append("\"}")
                    .append(i + 1 < sirens.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    /** The server's view of the fleet after the run: every siren should be ok; any other health is an error. */
    static void fleet(JsonNode counts, Map<String, Object> r) {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String h : List.of("ok", "late", "silent", "failed"))
            c.put(h, counts.path(h).asLong(-1));
        r.put("fleet", c);
        long notOk = c.get("late") + c.get("silent") + c.get("failed");
        r.put("errors_missing_or_extra", ((Number) r.getOrDefault("errors_missing_or_extra", 0L)).longValue() + notOk);
    }

    /** Waits until the server says its MQTT delivery is connected to the private broker. */
    private static void awaitMqtt(Targets.Tryvoha server) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (server.get("/api/v1/sirens").path("mqtt").path("connected").asBoolean()) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the server's MQTT delivery did not connect to the private mosquitto within 30 s; see its log");
    }

    /**
     * Holds every group's subscribers, publishes the warm-up and measured events through {@code writer}
     * on {@code zone}, and summarises each group and all together ({@code all}).
     */
    private Map<String, Map<String, Object>> run(
            List<Gens.Group> groups,
            List<Targets.Tryvoha> servers,
            Targets.Tryvoha writer,
            String zone,
            Map<String, Object> all)
            throws Exception {
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        long c0 = System.nanoTime();
        try (Gens gens = new Gens(groups, o.work(), o.maxSeconds())) {
            gens.awaitReady(900, c0, all);
            long rss = 0;
            for (Targets.Tryvoha s : servers) rss += Math.max(0, Targets.rssBytes(s.pid()));
            all.put("rss_bytes", rss);
            all.put("load_average", loadAverage());
            Map<Long, Long> sent = new LinkedHashMap<>();
            for (int i = 0; i < o.warmup(); i++)
                Bench.publishAndWait(writer, zone, gens, new LinkedHashMap<>(), o.gapMillis(), log);
            gens.dump(60);
            long cpu0 = cpu(servers),
                    gen0 = cpu(gens.procs.stream().map(Process::pid).toList());
            for (int i = 0; i < o.events(); i++) Bench.publishAndWait(writer, zone, gens, sent, o.gapMillis(), log);
            long cpu1 = cpu(servers),
                    gen1 = cpu(gens.procs.stream().map(Process::pid).toList());
            Gens.Dump d = gens.dump(120);
            for (Gens.Group g : groups) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("subscribers", g.size());
                Bench.summarise(
                        d.byGroup().getOrDefault(g.name(), Map.of()), sent, g.size(), expect(sent, g.expected()), r);
                long[] sv = d.sirens().get(g.name());
                if (sv != null) sirenErrors(sv, g.expected(), r);
                if (g.proto().equals("siren"))
                    fleet(writer.get("/api/v1/sirens").path("counts"), r); // while the sirens are still connected
                results.put(g.name(), r);
            }
            int everyone = groups.stream().mapToInt(Gens.Group::expected).sum();
            Bench.summarise(d.events(), sent, everyone, expect(sent, everyone), all);
            Bench.cpu(cpu0, cpu1, all);
            long deliveries = ((Number) all.get("deliveries")).longValue();
            if (gen0 >= 0 && gen1 >= 0 && deliveries > 0)
                all.put("generator_cpu_us_per_delivery", (gen1 - gen0) / 1e3 / deliveries);
            all.put("gaps", d.gaps());
            all.put("dups", d.dups());
            all.put("load_average_after", loadAverage());
        }
        return results;
    }

    private static Map<Long, Integer> expect(Map<Long, Long> sent, int each) {
        Map<Long, Integer> m = new LinkedHashMap<>();
        for (Long seq : sent.keySet()) m.put(seq, each);
        return m;
    }

    /**
     * A siren group's counters from its generators ({strays, wrong, retained, acks, heartbeats, dups}):
     * a command outside the alert, a repeated action or a second command for one change is an error,
     * added to the missing ones.
     */
    static void sirenErrors(long[] sv, int inside, Map<String, Object> r) {
        r.put("sirens_inside", inside);
        r.put("commands_outside", sv[0]);
        r.put("commands_wrong_action", sv[1]);
        r.put("commands_duplicate", sv[5]);
        r.put("retained_on_subscribe", sv[2]);
        r.put("acks_sent", sv[3]);
        r.put("heartbeats_sent", sv[4]);
        r.put(
                "errors_missing_or_extra",
                ((Number) r.getOrDefault("errors_missing_or_extra", 0L)).longValue() + sv[0] + sv[1] + sv[5]);
    }

    /** CPU time (user + system) of the processes so far, summed, in nanoseconds; -1 when one cannot be read. */
    static long cpu(List<?> processes) {
        long sum = 0;
        for (Object p : processes) {
            long c = Targets.cpuNanos(p instanceof Targets.Tryvoha t ? t.pid() : (Long) p);
            if (c < 0) return -1;
            sum += c;
        }
        return sum;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * {@code --nodes} servers on this machine (the first a writer, the rest edges) sharing a fresh
     * PostgreSQL database and a private JetStream stream; the subscribers spread over them evenly,
     * every alert posted to the first. The database and the stream are removed afterwards.
     */
    Map<String, Map<String, Object>> cluster() throws Exception {
        String ch = o.channels().get(0);
        String spread = o.scenario().equals("oblast") ? "oblast" : "national";
        String zone = spread.equals("oblast") ? Population.KHARKIV_OBLAST : Population.UA;
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String db = "tryvoha_bench_" + suffix, stream = "BENCH_" + suffix.toUpperCase();
        log.printf(
                "%n== cluster: %d subscribers (%s) over %d nodes, scenario %s; database %s, stream %s ==%n",
                o.subscribers(), ch, o.nodes(), o.scenario(), db, stream);
        checkNats(o.natsUrl());
        admin(o.postgres(), o.postgresUser(), "CREATE DATABASE " + db);
        String pgUrl = "jdbc:postgresql://" + o.postgres() + "/" + db;
        List<Targets.Tryvoha> nodes = new ArrayList<>();
        try {
            String key = cli(List.of(
                    "keys",
                    "create",
                    "--name",
                    "bench",
                    "--store",
                    "postgres",
                    "--postgres-url",
                    pgUrl,
                    "--postgres-user",
                    o.postgresUser()));
            List<CompletableFuture<Targets.Tryvoha>> starting = new ArrayList<>();
            for (int i = 1; i <= o.nodes(); i++) {
                List<String> args = new ArrayList<>(clusterArgs(pgUrl, o.postgresUser(), o.natsUrl(), stream));
                args.addAll(List.of("--role", i == 1 ? "both" : "edge", "--node-id", "n" + i));
                starting.add(startNode(
                        o.jar(), o.work().resolve("data-n" + i + "-" + suffix), o.serverJvmArgs(), args, key, i));
            }
            Exception failure = null;
            for (CompletableFuture<Targets.Tryvoha> f : starting) {
                try {
                    nodes.add(f.join());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) throw failure;
            Population pop = new Population(nodes.get(0));
            List<String> subs = pop.draw(spread, o.subscribers(), 42);
            String base = ch.equals("sse") ? "/api/v1/stream?zone=" : "/api/v1/ws?zone=";
            List<Gens.Group> groups = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                List<String> paths = new ArrayList<>();
                for (int k = i; k < subs.size(); k += nodes.size()) paths.add(base + subs.get(k));
                groups.add(new Gens.Group(
                        ch + "-n" + (i + 1), ch, nodes.get(i).port(), paths, 0, null, procsFor(paths.size())));
            }
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("nodes", nodes.size());
            Map<String, Map<String, Object>> results = run(groups, nodes, nodes.get(0), zone, all);
            all.put(
                    "post_ms",
                    Bench.pcts(nodes.get(0).postMicros.stream()
                            .mapToLong(Long::longValue)
                            .sorted()
                            .toArray()));
            results.put("all", all);
            Report.mixed(log, o, results);
            return results;
        } finally {
            for (Targets.Tryvoha n : nodes) n.close();
            deleteStream(o.natsUrl(), stream, log);
            deleteStream(o.natsUrl(), stream + "_WORK", log); // the nodes' Web Push shares
            try {
                admin(o.postgres(), o.postgresUser(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } catch (RuntimeException e) {
                log.println("could not drop database " + db + ": " + e.getMessage());
            }
        }
    }

    /** Starts node {@code n} of a cluster in the background (start-ups overlap). */
    static CompletableFuture<Targets.Tryvoha> startNode(
            Path jar, Path data, List<String> jvmArgs, List<String> serveArgs, String key, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Targets.Tryvoha(jar, Targets.freePort(), data, jvmArgs, serveArgs, key);
            } catch (Exception e) {
                throw new IllegalStateException("node n" + n + " did not start: " + e.getMessage(), e);
            }
        });
    }

    /** The serve options of a cluster node: the store in PostgreSQL, the bus on a NATS stream. */
    static List<String> clusterArgs(String pgUrl, String pgUser, String natsUrl, String stream) {
        return List.of(
                "--store",
                "postgres",
                "--postgres-url",
                pgUrl,
                "--postgres-user",
                pgUser,
                "--bus",
                "nats",
                "--nats-url",
                natsUrl,
                "--nats-stream",
                stream);
    }

    /** Runs a short CLI command of the server's jar and returns its standard output. */
    private String cli(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Targets.javaBin(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                o.jar().toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectError(o.work().resolve("cli.err").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", args) + "' failed: " + out + "; see "
                    + o.work().resolve("cli.err"));
        }
        return out;
    }

    static void admin(String hostPort, String user, String sql) {
        String url = "jdbc:postgresql://" + hostPort + "/postgres?connectTimeout=3";
        try (java.sql.Connection c = DriverManager.getConnection(url, user, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw new IllegalStateException(
                        "PostgreSQL is not reachable at " + hostPort + " (user " + user + "; --postgres host:port, "
                                + "--postgres-user): start it, e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start; "
                                + e.getMessage(),
                        e);
            }
            throw new IllegalStateException("'" + sql + "' failed on " + hostPort + ": " + e.getMessage(), e);
        }
    }

    static void checkNats(String url) {
        URI u = URI.create(url.split(",")[0]);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 4222 : u.getPort()), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "NATS is not reachable at " + url + " (--nats-url): start nats-server with JetStream, "
                            + "e.g. nats-server -js -a 127.0.0.1 -p 4222; " + e.getMessage(),
                    e);
        }
    }

    static void deleteStream(String url, String stream, PrintStream log) {
        try (Connection nc = Nats.connect(url)) {
            nc.jetStreamManagement().deleteStream(stream);
        } catch (Exception e) {
            log.println("could not delete JetStream stream " + stream + ": " + e.getMessage());
        }
    }
}
