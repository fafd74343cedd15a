package org.tryvoha.track.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.track.LocalProjection;
import org.tryvoha.track.ThreatArea;
import org.tryvoha.track.ThreatClass;
import org.tryvoha.track.TrackEngine;
import org.tryvoha.track.TrackReport;
import org.tryvoha.track.TrackSettings;
import org.tryvoha.track.TrackStats;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Decision speed: the time from a track report entering the engine to its decision done — including
 * the durable commit of the alert event when the report changes a warning — with {@code tracks}
 * live tracks over Ukraine (70% drones, 20% cruise missiles, 10% ballistic, falling from 40 km with an
 * altitude in every report, so each of their reports is an impact prediction). Each round every track
 * sends one report (5 simulated seconds apart), in feed batches of {@code batch} reports, and the
 * engine ticks once. A report's time is its whole batch's: they arrive together and are answered
 * together, after the batch's one commit.
 */
public final class DecisionBench {
    /** Ballistic tracks fall from 40 km at this many m/s, so each report is an impact prediction. */
    static final double DESCENT = 150;

    private DecisionBench() {}

    /**
     * @param p99NoCommitMs p99 of the reports that changed no alert (decision only)
     * @param p50CommitMs p50 of the reports that committed an alert event (with batches: whose batch did)
     * @param p99CommitMs p99 of the same
     * @param areaCpuP50Ms thread CPU time to compute one threat area afresh, replaying every measured
     *     report through a new calculator after the run (load-insensitive: no waiting counted)
     */
    public record Numbers(
            int tracks,
            int reports,
            double p50Ms,
            double p99Ms,
            double maxMs,
            double tickP99Ms,
            long events,
            int committing,
            double p99NoCommitMs,
            double p50CommitMs,
            double p99CommitMs,
            double cpuP99Ms,
            long areasReused,
            double areaCpuP50Ms,
            double areaCpuP99Ms) {}

    public static Numbers run(int tracks, int rounds, long seed, PrintStream log) throws IOException {
        return run(tracks, rounds, 1, seed, log);
    }

    public static Numbers run(int tracks, int rounds, int batch, long seed, PrintStream log) throws IOException {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        Path dir = Files.createTempDirectory("tryvoha-bench");
        Random rnd = new Random(seed);
        double[][] st = new double[tracks][4]; // lat, lon, east, north
        ThreatClass[] cls = new ThreatClass[tracks];
        for (int i = 0; i < tracks; i++) {
            double u = rnd.nextDouble();
            cls[i] = u < 0.7 ? ThreatClass.DRONE : u < 0.9 ? ThreatClass.CRUISE_MISSILE : ThreatClass.BALLISTIC;
            double speed = cls[i] == ThreatClass.DRONE ? 50 : cls[i] == ThreatClass.CRUISE_MISSILE ? 230 : 600;
            double h = rnd.nextDouble() * 2 * Math.PI;
            st[i] = new double[] {
                46.5 + rnd.nextDouble() * 4.5, 24.5 + rnd.nextDouble() * 14, speed * Math.sin(h), speed * Math.cos(h)
            };
        }
        Instant start = Instant.parse("2026-11-23T22:00:00Z");
        SimClock clock = new SimClock(start);
        TrackSettings settings = TrackSettings.defaults();
        long[] lat = new long[tracks * rounds];
        long[] quiet = new long[tracks * rounds], committing = new long[tracks * rounds];
        int nq = 0, nc = 0;
        long[] cpu = new long[tracks * rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        TrackStats stats = new TrackStats();
        long[] ticks = new long[rounds];
        List<TrackReport> measured = new ArrayList<>(tracks * rounds);
        int n = 0;
        try (SqliteAlertStore store = SqliteAlertStore.open(dir);
                LocalEventBus bus = new LocalEventBus()) {
            TrackEngine engine = new TrackEngine(tree, new AlertService(store, bus, clock), clock, settings, stats);
            for (int r = 0; r <= rounds; r++) {
                clock.set(start.plusSeconds(5L * r));
                List<TrackReport> reports = new ArrayList<>(batch);
                for (int i = 0; i < tracks; i++) {
                    boolean ballistic = cls[i] == ThreatClass.BALLISTIC; // with an altitude: the impact prediction
                    LocalProjection p = LocalProjection.around(st[i][0], st[i][1]);
                    var c = p.toLonLat(st[i][2] * 5, st[i][3] * 5);
                    if (r > 0) {
                        st[i][0] = c.y;
                        st[i][1] = c.x;
                    }
                    reports.add(new TrackReport(
                            "t" + i,
                            cls[i],
                            clock.instant(),
                            st[i][0],
                            st[i][1],
                            st[i][2],
                            st[i][3],
                            ballistic ? -DESCENT : 0,
                            ballistic ? Math.max(1_000, 40_000 - DESCENT * 5 * r) : Double.NaN,
                            300,
                            null));
                    if (reports.size() < batch && i < tracks - 1) continue;
                    long changes = stats.alertChanges();
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    engine.submit(reports);
                    long dt = System.nanoTime() - t0;
                    long dc = mx.getCurrentThreadCpuTime() - c0;
                    if (r > 0) { // round 0 creates the tracks: warm-up
                        measured.addAll(reports);
                        for (int k = 0; k < reports.size(); k++) {
                            cpu[n] = dc;
                            lat[n++] = dt;
                            if (stats.alertChanges() == changes) quiet[nq++] = dt;
                            else committing[nc++] = dt;
                        }
                    }
                    reports = new ArrayList<>(batch);
                }
                long t0 = System.nanoTime();
                engine.tick();
                if (r > 0) ticks[r - 1] = System.nanoTime() - t0;
                if (log != null && r % 5 == 0)
                    log.printf(
                            "round %d/%d, %d live tracks, %d events%n",
                            r, rounds, engine.liveTracks(), store.lastSeq());
            }
            long events = store.lastSeq();
            long[] l = Arrays.copyOf(lat, n);
            Arrays.sort(l);
            Arrays.sort(ticks);
            long[] q = Arrays.copyOf(quiet, nq), c = Arrays.copyOf(committing, nc), cp = Arrays.copyOf(cpu, n);
            Arrays.sort(cp);
            Arrays.sort(q);
            Arrays.sort(c);
            long[] area = areaCpu(tree, measured, settings.horizonSeconds(), engine.etaHorizonSeconds());
            return new Numbers(
                    tracks,
                    n,
                    ms(l, 0.50),
                    ms(l, 0.99),
                    l[n - 1] / 1e6,
                    ms(ticks, 0.99),
                    events,
                    nc,
                    nq == 0 ? 0 : ms(q, 0.99),
                    nc == 0 ? 0 : ms(c, 0.50),
                    nc == 0 ? 0 : ms(c, 0.99),
                    ms(cp, 0.99),
                    stats.asMap().get("threat_areas_reused"),
                    ms(area, 0.50),
                    ms(area, 0.99));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Thread CPU time of computing each report's threat area afresh, sorted (nanoseconds). */
    private static long[] areaCpu(ZoneTree tree, List<TrackReport> reports, double horizon, double etaHorizon) {
        ThreatArea.Calculator calc = new ThreatArea.Calculator(tree);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.min(2000, reports.size()); i++)
            calc.compute(reports.get(i), horizon, etaHorizon); // warm-up
        long[] out = new long[reports.size()];
        for (int i = 0; i < out.length; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            calc.compute(reports.get(i), horizon, etaHorizon);
            out[i] = mx.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(out);
        return out;
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
