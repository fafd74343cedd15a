package org.tryvoha.track.sim;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tryvoha.track.TrackSettings;
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
            description =
                    "Play scenarios through the real engine, alert service and store on a simulated clock; print recall, lead time and over-warning.")
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

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            TrackSettings d = TrackSettings.defaults();
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
            ScenarioRunner runner = new ScenarioRunner();
            List<ScenarioRunner.Result> results = new ArrayList<>();
            for (String n : names == null || names.isEmpty() ? Scenario.BUNDLED : names)
                results.add(runner.run(Scenario.load(n), s));
            out.println(table(results, zones));
            out.flush();
            return results.stream().allMatch(r -> r.recall() == 1.0) ? 0 : 1;
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

    /** The scenario table as Markdown. */
    public static String table(List<ScenarioRunner.Result> results, boolean zones) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| scenario | threats | reports | zones reached (per threat) | warned in time | recall | min lead − shelter (s) | warned, never reached | over-warned km² | whole oblasts would add km² | over-warning ratio | alerts raised | run (ms) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioRunner.Result r : results) {
            b.append(String.format(
                    "| %s | %d | %d | %d | %d | %.0f%% | %.1f | %d | %.0f | %.0f | %.3f | %d | %d |%n",
                    r.scenario().name(),
                    r.scenario().threats().size(),
                    r.reports(),
                    r.reached().size(),
                    r.inTime(),
                    100 * r.recall(),
                    r.minLeadMinusShelter(),
                    r.overZones(),
                    r.overKm2(),
                    r.oblastKm2(),
                    r.overRatio(),
                    r.alertsRaised(),
                    r.wallMillis()));
        }
        if (zones) {
            for (ScenarioRunner.Result r : results) {
                b.append("\n").append(r.scenario().name()).append(":\n");
                for (ScenarioRunner.ZoneOutcome z : r.reached()) {
                    b.append(String.format(
                            "  %-20s %-28s shelter %3ds  arrival %s  warned %s  lead-shelter %s%n",
                            z.zone().id(),
                            z.zone().nameEn(),
                            z.zone().shelterSeconds(),
                            z.arrival(),
                            z.warnedAt(),
                            z.leadMinusShelter() == null ? "MISSED" : String.format("%.1f s", z.leadMinusShelter())));
                }
            }
        }
        return b.toString();
    }
}
