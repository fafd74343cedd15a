package org.tryvoha.track.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tryvoha.alert.AlertService;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.event.EventKind;
import org.tryvoha.state.ZoneState;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.track.ImpactEllipse;
import org.tryvoha.track.LocalProjection;
import org.tryvoha.track.ThreatClass;
import org.tryvoha.track.TrackEngine;
import org.tryvoha.track.TrackReport;
import org.tryvoha.track.TrackSettings;
import org.tryvoha.track.TrackStats;
import org.tryvoha.track.TrackView;
import org.tryvoha.track.sim.Flight.State;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Plays a scenario through the real pipeline — {@link TrackEngine}, {@link AlertService}, a SQLite
 * store in a temporary directory and the in-process bus — on a {@link SimClock} advanced a second
 * at a time, then judges the warnings from the committed event log against the true flights.
 *
 * <p>A zone is reached when a threat's true ground track passes over it (for a ballistic threat:
 * the zone of its impact point, at impact time). A reached zone is warned when a warning covered it
 * at the arrival time (recall), and in time when that warning began at least {@code delivery +
 * shelter} seconds before it. A zone the threat reached sooner than that after its first report
 * cannot be warned in time by anyone; it must still be warned, but is not held to the lead.
 * Not thread-safe; one run at a time per instance.
 */
public final class ScenarioRunner {
    private final Map<ShelterConfig, ZoneTree> trees = new HashMap<>();
    private final Path zonesFile;
    private final ShelterConfig shelter;

    /** The bundled zones, each scenario with its own times to shelter. */
    public ScenarioRunner() {
        this(null, null);
    }

    /**
     * @param zonesFile the zones to play on (GeoJSON, as {@code serve --zones-file}); null: the bundled ones
     * @param shelter the times to shelter for every scenario; null: each scenario's own
     */
    public ScenarioRunner(Path zonesFile, ShelterConfig shelter) {
        this.zonesFile = zonesFile;
        this.shelter = shelter;
    }

    /**
     * How one reached zone fared, for one threat: {@code leadMinusShelter} is null when no warning
     * covered the arrival; {@code possible} whether the first report came at least delivery + shelter
     * (+ the simulator's one-second step) before the arrival.
     */
    public record ZoneOutcome(Zone zone, Instant arrival, Instant warnedAt, Double leadMinusShelter, boolean possible) {
        public boolean warned() {
            return leadMinusShelter != null;
        }

        public boolean inTime() {
            return leadMinusShelter != null && leadMinusShelter >= 0;
        }

        /** Warned, and in time wherever the first report allowed it. */
        public boolean ok() {
            return warned() && (inTime() || !possible);
        }
    }

    /**
     * A ballistic threat's warning against its impact ellipse: the area of every zone its alert ever
     * covered, and the 95% ellipse of the report that first warned.
     */
    public record EllipseOutcome(String threat, double warnedKm2, double ellipseKm2) {
        public double ratio() {
            return ellipseKm2 <= 0 ? Double.NaN : warnedKm2 / ellipseKm2;
        }
    }

    /**
     * @param overKm2 area of warned zones the threats never reached
     * @param oblastKm2 what warning every oblast crossed would have warned beyond the reached zones
     * @param alertsRaised issued events (one per track that warned anyone)
     * @param decisionP99Ms p99 of one batch's submit (engine and durable commit), wall time, in this
     *     run's JVM (its first batches run before the JIT has compiled the engine)
     * @param decisionCpuP99Ms the same in the engine thread's CPU time (without waiting for the disk)
     */
    public record Result(
            Scenario scenario,
            int reports,
            List<ZoneOutcome> reached,
            int warnedZones,
            int overZones,
            double overKm2,
            double oblastKm2,
            long alertsRaised,
            long events,
            long wallMillis,
            List<EllipseOutcome> ellipses,
            double decisionP99Ms,
            double decisionCpuP99Ms) {
        public long inTime() {
            return reached.stream().filter(ZoneOutcome::inTime).count();
        }

        /** Reached zones the first report came in time for that were warned in time. */
        public long inTimeWherePossible() {
            return reached.stream().filter(z -> z.possible() && z.inTime()).count();
        }

        public long warned() {
            return reached.stream().filter(ZoneOutcome::warned).count();
        }

        /** Reached zones that were warned before the threat arrived; 0 when nothing was reached. */
        public double recall() {
            return reached.isEmpty() ? 0 : (double) warned() / reached.size();
        }

        /** Reached zones warned too late although the first report came in time for them. */
        public long late() {
            return reached.stream().filter(z -> z.warned() && !z.ok()).count();
        }

        /** Reached zones the first report came too late to warn in time. */
        public long impossible() {
            return reached.stream().filter(z -> !z.possible()).count();
        }

        /** The largest warned area against the 95% ellipse among the ballistic threats; NaN without any. */
        public double ellipseRatio() {
            return ellipses.stream()
                    .mapToDouble(EllipseOutcome::ratio)
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(Double.NaN);
        }

        public double overRatio() {
            return oblastKm2 <= 0 ? 0 : overKm2 / oblastKm2;
        }

        public double minLeadMinusShelter() {
            return reached.stream()
                    .filter(z -> z.leadMinusShelter() != null && z.possible())
                    .mapToDouble(ZoneOutcome::leadMinusShelter)
                    .min()
                    .orElse(Double.NaN);
        }
    }

    public Result run(Scenario sc, TrackSettings settings) {
        long t0 = System.nanoTime();
        ZoneTree tree = trees.computeIfAbsent(shelter == null ? sc.shelter() : shelter, this::load);
        Map<String, List<State>> flights = new LinkedHashMap<>();
        for (Scenario.Threat th : sc.threats()) flights.put(th.id(), Flight.fly(th));
        List<TrackReport> reports = reports(sc, flights);
        Path dir;
        try {
            dir = Files.createTempDirectory("tryvoha-sim");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SimClock clock = new SimClock(sc.start());
        try (SqliteAlertStore store = SqliteAlertStore.open(dir);
                LocalEventBus bus = new LocalEventBus()) {
            ZoneState state = new ZoneState(tree);
            bus.subscribe(state::apply);
            AlertService service = new AlertService(store, bus, clock);
            TrackStats stats = new TrackStats();
            TrackEngine engine = new TrackEngine(tree, service, clock, settings, stats);
            Instant endAt = reports.get(reports.size() - 1).time().plusSeconds(settings.holdSeconds() + 5L);
            int next = 0;
            List<Long> nanos = new ArrayList<>(), cpu = new ArrayList<>();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Double> firstEllipse =
                    new LinkedHashMap<>(); // ballistic track → 95% ellipse km² when first warned
            Map<String, String> alertOf = new HashMap<>();
            while (!clock.instant().isAfter(endAt)) {
                List<TrackReport> due = new ArrayList<>();
                while (next < reports.size() && !reports.get(next).time().isAfter(clock.instant()))
                    due.add(reports.get(next++));
                if (!due.isEmpty()) {
                    long n0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                    engine.submit(due);
                    nanos.add(System.nanoTime() - n0);
                    cpu.add(threads.getCurrentThreadCpuTime() - c0);
                }
                engine.tick();
                for (TrackView v : engine.views()) {
                    if (v.alertId() == null) continue;
                    alertOf.putIfAbsent(v.trackId(), v.alertId());
                    if (v.impact() != null)
                        firstEllipse.putIfAbsent(v.trackId(), v.impact().areaKm2(ImpactEllipse.K95));
                }
                clock.advance(Duration.ofSeconds(1));
            }
            return judge(
                    sc,
                    tree,
                    settings,
                    flights,
                    store,
                    reports,
                    System.nanoTime() - t0,
                    firstEllipse,
                    alertOf,
                    p99Ms(nanos),
                    p99Ms(cpu));
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Every report of every threat, in time order. */
    static List<TrackReport> reports(Scenario sc, Map<String, List<State>> flights) {
        Random rnd = new Random(sc.seed());
        List<TrackReport> out = new ArrayList<>();
        for (Scenario.Threat th : sc.threats()) {
            List<State> f = flights.get(th.id());
            Instant launch = sc.start().plusMillis(Math.round(th.launch() * 1000));
            double lastT = f.get(f.size() - 1).t();
            for (double t = th.detectAfter(); t < lastT; t += sc.reportInterval()) {
                State s = f.get(Math.min(f.size() - 1, (int) Math.round(t / Flight.DT)));
                double sigmaV = Double.isNaN(sc.velocityNoise()) ? 0.01 * th.speed() : sc.velocityNoise();
                // drawn for every report, also those lost in a gap, so a gap leaves the others' noise as it was
                double dx = rnd.nextGaussian() * sc.noise(), dy = rnd.nextGaussian() * sc.noise();
                double ve = s.east() + rnd.nextGaussian() * sigmaV, vn = s.north() + rnd.nextGaussian() * sigmaV;
                double vu = s.up(), alt = s.alt();
                if (th.threatClass() == ThreatClass.BALLISTIC) {
                    vu += rnd.nextGaussian() * sigmaV;
                    alt = Math.max(0, alt + rnd.nextGaussian() * sc.noise());
                }
                if (inGap(th, t)) continue;
                var c = LocalProjection.around(s.lat(), s.lon()).toLonLat(dx, dy);
                out.add(new TrackReport(
                        th.id(),
                        th.threatClass(),
                        launch.plusMillis(Math.round(t * 1000)),
                        c.y,
                        c.x,
                        ve,
                        vn,
                        vu,
                        alt,
                        sc.uncertainty(),
                        sc.velocityUncertainty(),
                        null));
            }
            if (th.end() == null) continue; // the reports just stop: the engine must find the track lost
            out.add(new TrackReport(
                    th.id(),
                    th.threatClass(),
                    launch.plusMillis(Math.round(lastT * 1000)),
                    Double.NaN,
                    Double.NaN,
                    0,
                    0,
                    0,
                    Double.NaN,
                    0,
                    th.end()));
        }
        out.sort(Comparator.comparing(TrackReport::time));
        return out;
    }

    private static boolean inGap(Scenario.Threat th, double t) {
        for (double[] g : th.gaps()) if (t >= g[0] && t < g[1]) return true;
        return false;
    }

    private ZoneTree load(ShelterConfig sh) {
        if (zonesFile == null) return ZoneTree.loadDefault(sh);
        try (var in = Files.newInputStream(zonesFile)) {
            return ZoneTree.load(in, sh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the zones file " + zonesFile + ": " + e.getMessage(), e);
        }
    }

    private static Result judge(
            Scenario sc,
            ZoneTree tree,
            TrackSettings settings,
            Map<String, List<State>> flights,
            SqliteAlertStore store,
            List<TrackReport> reports,
            long nanos,
            Map<String, Double> firstEllipse,
            Map<String, String> alertOf,
            double p99,
            double cpuP99) {
        // zone id → warning intervals {start, end (null while open)} of each alert, from the committed log
        Map<String, Map<String, List<Instant[]>>> warned = new HashMap<>();
        Map<String, Set<String>> current = new HashMap<>();
        long[] raised = {0}, events = {0};
        store.forEachEvent(0, e -> {
            events[0]++;
            if (e.kind() == EventKind.ISSUED) raised[0]++;
            String id = e.alert().id();
            Set<String> before = current.getOrDefault(id, Set.of());
            Set<String> after = e.kind().ends() || !e.alert().active()
                    ? Set.of()
                    : new LinkedHashSet<>(e.alert().zones());
            for (String z : after) {
                if (!before.contains(z))
                    warned.computeIfAbsent(z, k -> new HashMap<>())
                            .computeIfAbsent(id, k -> new ArrayList<>())
                            .add(new Instant[] {e.at(), null});
            }
            for (String z : before) {
                if (!after.contains(z)) {
                    List<Instant[]> iv = warned.get(z).get(id);
                    iv.get(iv.size() - 1)[1] = e.at();
                }
            }
            current.put(id, after);
        });
        // (threat, zone) → first arrival: every threat must be warned for, even where another one came first
        Map<String, Map<Zone, Instant>> arrivals = new LinkedHashMap<>();
        Map<String, Instant> firstReport = new HashMap<>();
        for (TrackReport r : reports) if (r.hasPosition()) firstReport.putIfAbsent(r.trackId(), r.time());
        Set<Zone> reachedZones = new LinkedHashSet<>();
        for (Scenario.Threat th : sc.threats()) {
            List<State> f = flights.get(th.id());
            Instant launch = sc.start().plusMillis(Math.round(th.launch() * 1000));
            List<State> touch = th.threatClass() == ThreatClass.BALLISTIC ? List.of(f.get(f.size() - 1)) : f;
            Map<Zone, Instant> arrival = arrivals.computeIfAbsent(th.id(), k -> new LinkedHashMap<>());
            for (State s : touch) {
                List<Zone> at = tree.zonesAt(s.lat(), s.lon());
                if (!at.isEmpty()) arrival.putIfAbsent(at.get(0), launch.plusMillis(Math.round(s.t() * 1000)));
            }
            reachedZones.addAll(arrival.keySet());
        }
        List<ZoneOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Map<Zone, Instant>> byThreat : arrivals.entrySet()) {
            Instant first = firstReport.get(byThreat.getKey());
            for (Map.Entry<Zone, Instant> e : byThreat.getValue().entrySet()) {
                Zone z = e.getKey();
                Instant arr = e.getValue();
                Instant start = null;
                for (List<Instant[]> ivs : warned.getOrDefault(z.id(), Map.of()).values()) {
                    for (Instant[] iv : ivs) {
                        boolean covers = !iv[0].isAfter(arr) && (iv[1] == null || iv[1].isAfter(arr));
                        if (covers && (start == null || iv[0].isBefore(start))) start = iv[0];
                    }
                }
                Double margin = start == null
                        ? null
                        : Duration.between(start, arr).toMillis() / 1000.0
                                - settings.deliverySeconds()
                                - z.shelterSeconds();
                boolean possible = first != null
                        && Duration.between(first, arr).toMillis() / 1000.0
                                >= settings.deliverySeconds() + z.shelterSeconds() + 1;
                outcomes.add(new ZoneOutcome(z, arr, start, margin, possible));
            }
        }
        Set<Zone> oblasts = new LinkedHashSet<>();
        double reachedKm2 = 0;
        for (Zone z : reachedZones) {
            reachedKm2 += km2(z);
            oblasts.add(region(tree, z));
        }
        int over = 0;
        double overKm2 = 0;
        for (String id : warned.keySet()) {
            Zone z = tree.get(id).orElseThrow();
            if (!reachedZones.contains(z)) {
                over++;
                overKm2 += km2(z);
            }
        }
        double oblastKm2 = oblasts.stream().mapToDouble(ScenarioRunner::km2).sum() - reachedKm2;
        List<EllipseOutcome> ellipses = new ArrayList<>();
        for (Map.Entry<String, Double> e : firstEllipse.entrySet()) {
            String alert = alertOf.get(e.getKey());
            double km2 = 0;
            for (Map.Entry<String, Map<String, List<Instant[]>>> w : warned.entrySet())
                if (w.getValue().containsKey(alert))
                    km2 += km2(tree.get(w.getKey()).orElseThrow());
            ellipses.add(new EllipseOutcome(e.getKey(), km2, e.getValue()));
        }
        return new Result(
                sc,
                reports.size(),
                outcomes,
                warned.size(),
                over,
                overKm2,
                oblastKm2,
                raised[0],
                events[0],
                nanos / 1_000_000,
                ellipses,
                p99,
                cpuP99);
    }

    private static double p99Ms(List<Long> nanos) {
        if (nanos.isEmpty()) return 0;
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6;
    }

    /** The zone right under the root that holds {@code z} (an oblast in Ukraine; a region anywhere). */
    static Zone region(ZoneTree tree, Zone z) {
        while (z.parent() != null && z.parent() != tree.root()) z = z.parent();
        return z;
    }

    /** The zone's area in km², in the local projection of its centre. */
    static double km2(Zone z) {
        var env = z.geometry().getEnvelopeInternal();
        double lat = (env.getMinY() + env.getMaxY()) / 2;
        LocalProjection p = LocalProjection.around(lat, 0);
        return z.geometry().getArea() * p.metresPerDegLon() * 111_320.0 / 1e6;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
