package org.tryvoha.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tryvoha.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tryvoha bench deliver} and {@code bench flood}: the benchmarks of BENCHMARKS.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Load benchmarks (see BENCHMARKS.md).",
        subcommands = {BenchCommand.Deliver.class, BenchCommand.FloodCommand.class, BenchCommand.PushCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "deliver",
            mixinStandardHelpOptions = true,
            description =
                    "Hold N subscribers in generator processes, publish events, time them from the operator's request to the "
                            + "first and the last subscriber. Starts and stops its own servers (Tryvoha from the server jar, mosquitto, nats-server) "
                            + "on loopback; bounded in time; stops by itself.")
    static final class Deliver implements Callable<Integer> {
        @Option(names = "--subscribers", defaultValue = "1000")
        int subscribers;

        @Option(
                names = "--channels",
                split = ",",
                defaultValue = "ws,sse,mqtt,nats,floor",
                description =
                        "ws, sse (Tryvoha), mqtt (mosquitto), nats (nats-server), floor (a trivial NIO server): ${DEFAULT-VALUE}")
        List<String> channels;

        @Option(
                names = "--scenario",
                defaultValue = "oblast",
                description =
                        "oblast (all in Kharkiv oblast, oblast alert), nationwide (spread like people, alert on UA), burst "
                                + "(--events alerts within 1 s on raions), storm (all drop and resume at once), restart (server restarted under load), "
                                + "mixed (the --mix of WebSocket, SSE subscribers and MQTT sirens of one server at once; MQTT through a private "
                                + "mosquitto the server publishes to)")
        String scenario;

        @Option(names = "--events", defaultValue = "40", description = "Measured events (raise and cancel alternate)")
        int events;

        @Option(names = "--warmup", defaultValue = "20")
        int warmup;

        @Option(
                names = "--procs",
                defaultValue = "0",
                description = "Generator processes (0: one up to 5,000 subscribers, else two, more past 19,000 each)")
        int procs;

        @Option(names = "--gap-ms", defaultValue = "20", description = "Pause between events")
        int gapMillis;

        @Option(
                names = "--burst-zone",
                defaultValue = "raion",
                description = "burst: raion (a random subscriber's) or a zone id such as UA")
        String burstZone;

        @Option(
                names = "--server-jvm-args",
                split = " ",
                description = "Extra JVM flags for the Tryvoha server (e.g. JFR)")
        List<String> serverJvmArgs = List.of();

        @Option(
                names = "--generator-jvm-args",
                split = " ",
                description =
                        "Extra JVM flags for every load-generator process (e.g. JFR: "
                                + "-XX:StartFlightRecording=filename=gen-%p.jfr; %p becomes the group and index of the process)")
        List<String> generatorJvmArgs = List.of();

        @Option(names = "--work-dir", defaultValue = "target/bench")
        Path work;

        @Option(
                names = "--out",
                defaultValue = "target/bench/results.jsonl",
                description = "Appends one JSON line per channel")
        Path out;

        @Option(
                names = "--server-jar",
                description =
                        "The Tryvoha jar the server runs (default: target/tryvoha.jar, beside the tools jar), to compare builds in one session")
        Path serverJar;

        @Option(
                names = "--max-seconds",
                defaultValue = "900",
                description = "Every generator stops by itself after this")
        long maxSeconds;

        @Option(
                names = "--mix",
                defaultValue = "ws:10000,sse:5000,mqtt:2000",
                description = "mixed: kind:count of ws, sse, mqtt (simulated sirens in the server's registry), "
                        + "mqtt-events (plain subscribers of tryvoha/events) (${DEFAULT-VALUE})")
        String mix;

        @Option(
                names = "--nodes",
                defaultValue = "1",
                description = "Server processes: more than 1 runs a cluster (PostgreSQL store, NATS bus; "
                        + "first node writer, the rest edges) with the subscribers spread evenly over them")
        int nodes;

        @Option(
                names = "--postgres",
                defaultValue = Multi.DEFAULT_POSTGRES,
                description = "Cluster: PostgreSQL host:port (a fresh database is "
                        + "created and dropped): ${DEFAULT-VALUE}")
        String postgres;

        @Option(names = "--postgres-user", defaultValue = "postgres")
        String postgresUser;

        @Option(
                names = "--nats-url",
                defaultValue = Multi.DEFAULT_NATS,
                description =
                        "Cluster: NATS with JetStream (a private stream is " + "created and deleted): ${DEFAULT-VALUE}")
        String natsUrl;

        /** The server's own jar, which the tools jar has on its class path (Class-Path: tryvoha.jar). */
        static Path serverJar() throws Exception {
            Path jar = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!jar.toString().endsWith(".jar"))
                throw new IllegalStateException("run the benchmark from the packaged jars (./tryvoha bench ...)");
            return jar;
        }

        @Override
        public Integer call() throws Exception {
            Path jar = serverJar();
            if (subscribers < 1 || subscribers > 100_000)
                throw new IllegalArgumentException("--subscribers must be 1..100000");
            if (serverJar != null) jar = serverJar.toAbsolutePath();
            Gens.jvmArgs = List.copyOf(generatorJvmArgs);
            new Bench(
                            new Bench.Options(
                                    subscribers,
                                    channels,
                                    scenario,
                                    events,
                                    warmup,
                                    procs,
                                    jar,
                                    work.toAbsolutePath(),
                                    serverJvmArgs,
                                    out.toAbsolutePath(),
                                    gapMillis,
                                    burstZone,
                                    maxSeconds,
                                    Multi.mix(mix),
                                    nodes,
                                    postgres,
                                    postgresUser,
                                    natsUrl),
                            System.out)
                    .run();
            return 0;
        }
    }

    @Command(
            name = "flood",
            mixinStandardHelpOptions = true,
            description =
                    "Time an admin's raise and cancel on a quiet server, then while connections send wrong keys for "
                            + "a known operator id as fast as they are answered; prints both, the p99 ratio and the flood's answers. "
                            + "Starts and stops its own server from the server jar on loopback.")
    static final class FloodCommand implements Callable<Integer> {
        @Option(names = "--connections", defaultValue = "60", description = "Flooding connections (${DEFAULT-VALUE})")
        int connections;

        @Option(
                names = "--pairs",
                defaultValue = "300",
                description = "Timed raise+cancel pairs per phase (${DEFAULT-VALUE})")
        int pairs;

        @Option(names = "--warmup", defaultValue = "100", description = "Untimed pairs first (${DEFAULT-VALUE})")
        int warmup;

        @Option(
                names = "--settle-ms",
                defaultValue = "2000",
                description = "The flood runs this long before the timed pairs (${DEFAULT-VALUE})")
        int settleMillis;

        @Option(names = "--server-jvm-args", split = " ", description = "Extra JVM flags for the Tryvoha server")
        List<String> serverJvmArgs = List.of();

        @Option(names = "--server-jar", description = "The Tryvoha jar the server runs (default: target/tryvoha.jar)")
        Path serverJar;

        @Option(names = "--work-dir", defaultValue = "target/bench")
        Path work;

        @Override
        public Integer call() throws Exception {
            Path jar = serverJar != null ? serverJar.toAbsolutePath() : Deliver.serverJar();
            if (connections < 0 || pairs < 1) throw new IllegalArgumentException("--connections >= 0, --pairs >= 1");
            new Flood(
                            new Flood.Options(
                                    jar,
                                    work.toAbsolutePath(),
                                    connections,
                                    pairs,
                                    warmup,
                                    settleMillis,
                                    serverJvmArgs),
                            System.out)
                    .run();
            return 0;
        }
    }

    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description =
                    "Web Push to N subscriptions in one zone through a local HTTP/2 push service that decrypts and "
                            + "checks every push: commit to the last push, pushes a second, CPU per push. Starts and stops its "
                            + "own server from the server jar on loopback.")
    static final class PushCommand implements Callable<Integer> {
        @Option(names = "--subscriptions", defaultValue = "100000", description = "(${DEFAULT-VALUE})")
        int subscriptions;

        @Option(
                names = "--events",
                defaultValue = "6",
                description = "Measured events, raise and cancel (${DEFAULT-VALUE})")
        int events;

        @Option(names = "--warmup", defaultValue = "2", description = "Events first, not measured (${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--zone", defaultValue = "UA63000000000041885", description = "(${DEFAULT-VALUE})")
        String zone;

        @Option(names = "--gap-ms", defaultValue = "1000", description = "Pause between events (${DEFAULT-VALUE})")
        int gapMillis;

        @Option(
                names = "--push-service-loops",
                defaultValue = "2",
                description = "Event loops of the push service (${DEFAULT-VALUE})")
        int loops;

        @Option(
                names = "--decrypt-every",
                defaultValue = "1",
                description = "The push service decrypts one push in N (and checks the request, VAPID token and"
                        + " framing of every one): N > 1 measures the sender's own rate, where decrypting every push"
                        + " on the same cores would halve it (${DEFAULT-VALUE})")
        int decryptEvery;

        @Option(names = "--server-jvm-args", split = " ", description = "Extra JVM flags for the Tryvoha server")
        List<String> serverJvmArgs = List.of();

        @Option(
                names = "--serve-args",
                split = " ",
                description = "Extra serve options, e.g. '--push-connections 2 --push-crypto-threads 1'")
        List<String> serveArgs = List.of();

        @Option(names = "--server-jar", description = "The Tryvoha jar the server runs (default: target/tryvoha.jar)")
        Path serverJar;

        @Option(names = "--work-dir", defaultValue = "target/bench")
        Path work;

        @Option(
                names = "--nodes",
                defaultValue = "0",
                description = "0: one server on SQLite; N: a cluster of N nodes on PostgreSQL and NATS sharing the"
                        + " pushes (${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--postgres", defaultValue = "127.0.0.1:5432", description = "With --nodes (${DEFAULT-VALUE})")
        String postgres;

        @Option(names = "--postgres-user", defaultValue = "postgres")
        String postgresUser;

        @Option(
                names = "--nats-url",
                defaultValue = "nats://127.0.0.1:4222",
                description = "With --nodes (${DEFAULT-VALUE})")
        String natsUrl;

        @Override
        public Integer call() throws Exception {
            Path jar = serverJar != null ? serverJar.toAbsolutePath() : Deliver.serverJar();
            if (nodes < 0 || nodes > 16) throw new IllegalArgumentException("--nodes must be 0..16");
            if (subscriptions < 1 || subscriptions > 1_000_000)
                throw new IllegalArgumentException("--subscriptions must be 1..1000000");
            if (decryptEvery < 1 || decryptEvery > subscriptions)
                throw new IllegalArgumentException("--decrypt-every must be 1..--subscriptions");
            new PushBench(
                            new PushBench.Options(
                                    jar,
                                    work.toAbsolutePath(),
                                    subscriptions,
                                    events,
                                    warmup,
                                    zone,
                                    serverJvmArgs,
                                    serveArgs,
                                    loops,
                                    gapMillis,
                                    nodes,
                                    postgres,
                                    postgresUser,
                                    natsUrl,
                                    decryptEvery),
                            System.out)
                    .run();
            return 0;
        }
    }
}
