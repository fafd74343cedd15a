package org.tryvoha.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The load-generator processes of one run and the lines they print (see {@link Generator}). */
final class Gens implements AutoCloseable {
    record Line(int gen, String text) {}

    final List<Process> procs = new ArrayList<>();
    final List<PrintStream> ins = new ArrayList<>();
    final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    final Map<Long, Integer> complete = new HashMap<>();
    final List<Integer> sizes = new ArrayList<>();
    /** Generators that say {@code C seq} once each event is complete (a siren generator with no siren inside the alert never does). */
    private int expecting;

    /**
     * One kind of subscriber in a run: {@code proto} against {@code port}, with a request path per
     * connection (sse, ws; siren: {@code id in|out}, with {@code topic} the server's MQTT prefix) or
     * {@code count} bare connections subscribed to {@code topic} (mqtt, nats, raw; null: the peers'
     * topic), held by {@code procs} generator processes.
     */
    record Group(String name, String proto, int port, List<String> paths, int count, String topic, int procs) {
        int size() {
            return paths != null ? paths.size() : count;
        }

        /** Deliveries of one event: every connection, or the sirens inside the alert. */
        int expected() {
            return proto.equals("siren")
                    ? (int) paths.stream().filter(l -> l.endsWith(" in")).count()
                    : size();
        }
    }

    /** Extra JVM flags for every generator process ({@code --generator-jvm-args}); {@code %p} in them becomes the process's index. */
    static volatile List<String> jvmArgs = List.of();

    /**
     * The first three parts of this run's loopback source addresses, {@code 127.a.b}, chosen at random
     * per run: a generator's ~10,000 connections leave as many ports in TIME_WAIT on its source address
     * for a minute after the run, and the next run's generators, had they sent from the same address,
     * could find its ephemeral ports used up ("Address already in use" on bind, seen with one process
     * of 10,000 two runs in a row). The whole of 127.0.0.0/8 is loopback.
     */
    final String sourceNet = "127." + (1 + ThreadLocalRandom.current().nextInt(254)) + "."
            + ThreadLocalRandom.current().nextInt(256);

    /** Which group each generator process belongs to (by index). */
    final List<String> groupOf = new ArrayList<>();

    /**
     * Starts {@code procs} generators sharing {@code paths} (or {@code count} bare connections), each from
     * its own loopback source address (see {@link #sourceNet}).
     */
    Gens(String proto, int port, List<String> paths, int count, int procs, Path work, long maxSeconds)
            throws IOException {
        this(List.of(new Group(proto, proto, port, paths, count, null, procs)), work, maxSeconds);
    }

    /**
     * Starts the generators of every group at once; process g (over all groups) sends from
     * {@link #sourceNet}{@code .(2+g)}.
     */
    Gens(List<Group> groups, Path work, long maxSeconds) throws IOException {
        this(groups, work, maxSeconds, List.of());
    }

    /** The same, with more {@code key=value} arguments for every generator (e.g. a test's shorter {@code heartbeat-ms}). */
    Gens(List<Group> groups, Path work, long maxSeconds, List<String> extra) throws IOException {
        int total = groups.stream().mapToInt(Group::procs).sum();
        if (total > 250)
            throw new IllegalArgumentException(
                    "at most 250 generator processes (one loopback source address each), got " + total);
        for (Group gr : groups) {
            int n = gr.size();
            for (int k = 0; k < gr.procs(); k++) {
                int g = this.procs.size();
                int from = (int) ((long) n * k / gr.procs()), to = (int) ((long) n * (k + 1) / gr.procs());
                List<String> cmd = new ArrayList<>(List.of(Targets.javaBin(), "-Xss512k", "-XX:+UseSerialGC"));
                for (String j : jvmArgs) cmd.add(j.replace("%p", gr.name() + "-" + k));
                cmd.addAll(List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        Generator.class.getName(),
                        "proto=" + gr.proto(),
                        "port=" + gr.port(),
                        "src=" + sourceNet + "." + (2 + g),
                        "max-seconds=" + maxSeconds));
                if (gr.topic() != null) cmd.add("topic=" + gr.topic());
                cmd.addAll(extra);
                if (gr.paths() != null) {
                    Path f = work.resolve("paths-" + gr.name() + "-" + k + ".txt");
                    Files.write(f, gr.paths().subList(from, to));
                    cmd.add("paths=" + f);
                    if (!gr.proto().equals("siren")
                            || gr.paths().subList(from, to).stream().anyMatch(l -> l.endsWith(" in"))) expecting++;
                } else {
                    cmd.add("count=" + (to - from));
                    expecting++;
                }
                Process p = new ProcessBuilder(cmd)
                        .redirectError(work.resolve("gen-" + gr.name() + "-" + k + ".err")
                                .toFile())
                        .start();
                this.procs.add(p);
                groupOf.add(gr.name());
                sizes.add(to - from);
                ins.add(new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8));
                Thread.ofPlatform().daemon().start(() -> pump(g, p));
            }
        }
    }

    private void pump(int g, Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) lines.add(new Line(g, l));
        } catch (IOException ignored) {
            // the generator ended
        }
        lines.add(new Line(g, "EXIT"));
    }

    void send(String cmd) {
        for (PrintStream in : ins) in.println(cmd);
    }

    /** Waits for one line starting with {@code prefix} from every generator; returns them by generator. */
    List<String> awaitAll(String prefix, long seconds) throws InterruptedException {
        String[] got = new String[procs.size()];
        int n = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (n < got.length) {
            Line l = next(end);
            if (l == null)
                throw new IllegalStateException("generators did not all say " + prefix + " within " + seconds + " s");
            if (l.text.startsWith(prefix + " ") && got[l.gen] == null) {
                got[l.gen] = l.text;
                n++;
            } else if (l.text.equals("EXIT"))
                throw new IllegalStateException("generator " + l.gen + " exited; see its .err file");
        }
        return List.of(got);
    }

    /**
     * Waits for every generator's READY and records connections held, failed and the time since
     * {@code startNanos} in {@code r}; returns the connections held.
     */
    long awaitReady(long seconds, long startNanos, Map<String, Object> r) throws InterruptedException {
        long connected = 0, failed = 0;
        for (String l : awaitAll("READY", seconds)) {
            connected += Long.parseLong(l.split(" ")[1]);
            failed += Long.parseLong(l.split(" ")[2]);
        }
        r.put("connected", connected);
        r.put("connect_failed", failed);
        r.put("connect_seconds", (System.nanoTime() - startNanos) / 1e9);
        return connected;
    }

    /** Waits until every generator has seen event {@code seq} on all its connections; false on timeout. */
    boolean awaitComplete(long seq, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (complete.getOrDefault(seq, 0) < expecting) {
            if (next(end) == null) return false;
        }
        return true;
    }

    private Line next(long end) throws InterruptedException {
        long wait = end - System.nanoTime();
        Line l = wait <= 0 ? lines.poll() : lines.poll(wait, TimeUnit.NANOSECONDS);
        if (l != null && l.text.startsWith("C ")) complete.merge(Long.parseLong(l.text.substring(2)), 1, Integer::sum);
        return l;
    }

    /**
     * Per event: {count, first arrival, last arrival} over all generators, and {gaps, dups}; the
     * sirens' {strays, wrong, retained, acks, heartbeats, dups} (see {@link Generator}) per group.
     */
    record Dump(
            Map<Long, long[]> events,
            long gaps,
            long dups,
            Map<String, Map<Long, long[]>> byGroup,
            Map<String, long[]> sirens) {
        Dump(Map<Long, long[]> events, long gaps, long dups) {
            this(events, gaps, dups, Map.of(), Map.of());
        }
    }

    /** Adds one generator's {count, first, last} of an event into {@code into}. */
    static void merge(Map<Long, long[]> into, long seq, long count, long first, long last) {
        long[] e = into.computeIfAbsent(seq, k -> new long[] {0, Long.MAX_VALUE, 0});
        e[0] += count;
        e[1] = Math.min(e[1], first);
        e[2] = Math.max(e[2], last);
    }

    Dump dump(long seconds) throws InterruptedException {
        send("DUMP");
        Map<Long, long[]> events = new HashMap<>();
        Map<String, Map<Long, long[]>> byGroup = new LinkedHashMap<>();
        for (String g : groupOf) byGroup.computeIfAbsent(g, k -> new HashMap<>());
        Map<String, long[]> sirens = new LinkedHashMap<>();
        long gaps = 0, dups = 0;
        int ended = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (ended < procs.size()) {
            Line l = next(end);
            if (l == null) throw new IllegalStateException("generators did not dump within " + seconds + " s");
            String[] f = l.text.split(" ");
            switch (f[0]) {
                case "E" -> {
                    long seq = Long.parseLong(f[1]),
                            count = Long.parseLong(f[2]),
                            first = Long.parseLong(f[3]),
                            last = Long.parseLong(f[4]);
                    merge(events, seq, count, first, last);
                    merge(byGroup.get(groupOf.get(l.gen)), seq, count, first, last);
                }
                case "G" -> {
                    gaps += Long.parseLong(f[1]);
                    dups += Long.parseLong(f[2]);
                }
                case "S" -> {
                    long[] t = sirens.computeIfAbsent(groupOf.get(l.gen), k -> new long[6]);
                    for (int i = 0; i < t.length; i++) t[i] += Long.parseLong(f[1 + i]);
                }
                case "END" -> ended++;
                default -> {}
            }
        }
        return new Dump(events, gaps, dups, byGroup, sirens);
    }

    @Override
    public void close() {
        send("QUIT");
        for (Process p : procs) Targets.stop(p);
    }
}
