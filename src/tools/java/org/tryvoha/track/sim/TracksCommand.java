package org.tryvoha.track.sim;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tryvoha.config.Config;
import org.tryvoha.track.TrackSettings;
import org.tryvoha.zone.ShelterConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tryvoha tracks simulate|bench}: threat-track scenarios and the decision-speed benchmark, offline. */
@Command(
        name = "tracks",
        mixinStandardHelpOptions = true,
        description = "Threat tracks: play scenarios, measure decision speed (offline).",
        subcommands = {TracksCommand.Simulate.class, TracksCommand.Bench.class})
public final class TracksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            description = {
                "Play scenarios through the real engine, alert service and store on a simulated clock; print recall, lead time and over-warning.",
                "Exits 1 when a reached zone was not warned, when one was warned later than its time to shelter although the first report came in time, or when a scenario reaches no zone of the loaded geography."
            })
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(
                arity = "0..*",
                description = "Bundled scenario names or scenario .json files (default: all bundled)")
        List<String> names;

        @Option(names = "--zones", description = "Also print every reached zone")
        boolean zones;

        @Option(names = "--margin-seconds", description = "track-margin-seconds (default 15)")
        Integer margin;

        @Option(names = "--delivery-seconds", description = "track-delivery-seconds (default 3)")
        Integer delivery;

        @Option(
                names = "--zones-file",
                description = "Play on these zones (GeoJSON, as serve --zones-file) instead of the bundled ones")
        Path zonesFile;

        @Option(
                names = "--config",
                description =
                        "A tryvoha.conf: its track-* settings, zones-file and shelter-seconds (then for every scenario, instead of each scenario's own)")
        Path config;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Config conf = null;
            if (config != null) {
                if (!Files.isReadable(config))
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--config " + config + ": no such readable file");
                conf = Config.resolve(
                        new Config.Flags(config, null, null, null, zonesFile, null, null, null, null, null), Map.of());
            }
            Path geography = conf != null ? conf.zonesFile() : zonesFile;
            if (geography != null && !Files.isReadable(geography))
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--zones-file " + geography + ": no such readable file");
            TrackSettings d = conf == null ? TrackSettings.defaults() : TrackSettings.from(conf.settings());
            TrackSettings s = new TrackSettings(
                    d.maxAgeSeconds(),
                    d.horizonSeconds(),
                    delivery == null ? d.deliverySeconds() : delivery,
                    margin == null ? d.marginSeconds() : margin,
                    d.holdSeconds(),
                    d.lostSeconds(),
                    d.batchMax(),
                    d.defaultMode(),
                    d.modes(),
                    d.confirmDeadlineSeconds());
            ScenarioRunner runner =
                    new ScenarioRunner(geography, conf == null ? null : ShelterConfig.from(conf.settings()));
            List<ScenarioRunner.Result> results = new ArrayList<>();
            for (String n : names == null || names.isEmpty() ? Scenario.BUNDLED : names)
                results.add(runner.run(Scenario.load(n), s));
            out.println(table(results, zones));
            out.flush();
            List<String> failures = failures(results);
            failures.forEach(f -> err.println("tracks simulate: " + f));
            err.flush();
            return failures.isEmpty() ? 0 : 1;
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description = "Decision speed: report in → decision (and alert event committed) with N live tracks.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--tracks", description = "Live tracks (default 1000)")
        int tracks = 1000;

        @Option(names = "--rounds", description = "Reports per track measured (default 20)")
        int rounds = 20;

        @Option(names = "--batch", description = "Reports per feed batch, committed together (default 1)")
        int batch = 1;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            DecisionBench.Numbers n = DecisionBench.run(tracks, rounds, batch, 42, System.err);
            out.printf(
                    "%d live tracks, %d reports per batch, %d reports measured, %d alert events committed, %d threat areas kept from an earlier report%n",
                    n.tracks(), batch, n.reports(), n.events(), n.areasReused());
            out.printf(
                    "report → decision (incl. commit): p50 %.3f ms, p99 %.3f ms, max %.3f ms; tick over all tracks: p99 %.1f ms%n",
                    n.p50Ms(), n.p99Ms(), n.maxMs(), n.tickP99Ms());
            out.printf(
                    "reports that changed no alert: p99 %.3f ms; the %d that committed an alert event: p50 %.3f ms, p99 %.3f ms%n",
                    n.p99NoCommitMs(), n.committing(), n.p50CommitMs(), n.p99CommitMs());
            out.printf(
                    "engine thread CPU time per report (without waiting for the CPU or the disk): p99 %.3f ms; load average now %.1f on %d cores%n",
                    n.cpuP99Ms(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            out.printf(
                    "threat area computed afresh for each measured report (thread CPU time): p50 %.3f ms, p99 %.3f ms%n",
                    n.areaCpuP50Ms(), n.areaCpuP99Ms());
            out.flush();
            return 0;
        }
    }

    /** What makes a run fail, one line each; empty when every scenario passed. */
    static List<String> failures(List<ScenarioRunner.Result> results) {
        List<String> out = new ArrayList<>();
        for (ScenarioRunner.Result r : results) {
            String n = r.scenario().name();
            if (r.reached().isEmpty())
                out.add(n + ": reaches no zone of the loaded geography, so it tests nothing (wrong --zones-file?)");
            else if (r.recall() < 1)
                out.add(String.format(
                        "%s: recall %.1f%%: %d of %d reached zones were not warned before the threat arrived",
                        n,
                        100 * r.recall(),
                        r.reached().size() - r.warned(),
                        r.reached().size()));
            if (r.late() > 0)
                out.add(String.format(
                        "%s: %d reached zone(s) warned less than delivery + shelter before arrival although the first report came in time (smallest lead - shelter %.1f s)",
                        n, r.late(), r.minLeadMinusShelter()));
        }
        return out;
    }

    /** The scenario table as Markdown. */
    public static String table(List<ScenarioRunner.Result> results, boolean zones) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| scenario | threats | reports | zones reached (per threat) | warned | recall | in time, of those the first report allowed | min lead − shelter (s) | warned, never reached | over-warned km² | whole oblasts would add km² | over-warning ratio | warned / 95% ellipse | decision p99 wall / CPU (ms) | alerts raised | run (ms) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioRunner.Result r : results) {
            b.append(String.format(
                    "| %s | %d | %d | %d | %d | %.0f%% | %d (%d) | %.1f | %d | %.0f | %.0f | %.3f | %s | %.2f / %.2f | %d | %d |%n",
                    r.scenario().name(),
                    r.scenario().threats().size(),
                    r.reports(),
                    r.reached().size(),
                    r.warned(),
                    100 * r.recall(),
                    r.inTimeWherePossible(),
                    r.reached().size() - r.impossible(),
                    r.minLeadMinusShelter(),
                    r.overZones(),
                    r.overKm2(),
                    r.oblastKm2(),
                    r.overRatio(),
                    Double.isNaN(r.ellipseRatio()) ? "–" : String.format("%.2f", r.ellipseRatio()),
                    r.decisionP99Ms(),
                    r.decisionCpuP99Ms(),
                    r.alertsRaised(),
                    r.wallMillis()));
        }
        if (zones) {
            for (ScenarioRunner.Result r : results) {
                b.append("\n").append(r.scenario().name()).append(":\n");
                for (ScenarioRunner.EllipseOutcome e : r.ellipses())
                    b.append(String.format(
                            "  %s: warned %.1f km², 95%% impact ellipse when first warned %.1f km² (ratio %.2f)%n",
                            e.threat(), e.warnedKm2(), e.ellipseKm2(), e.ratio()));
                for (ScenarioRunner.ZoneOutcome z : r.reached()) {
                    b.append(String.format(
                            "  %-20s %-28s shelter %3ds  arrival %s  warned %s  lead-shelter %s%s%n",
                            z.zone().id(),
                            z.zone().nameEn(),
                            z.zone().shelterSeconds(),
                            z.arrival(),
                            z.warnedAt(),
                            z.leadMinusShelter() == null ? "MISSED" : String.format("%.1f s", z.leadMinusShelter()),
                            z.possible() ? "" : "  (first report too late to warn in time)"));
                }
            }
        }
        return b.toString();
    }
}
