package org.tryvoha.tools;

import org.tryvoha.bench.BenchCommand;
import org.tryvoha.cli.TryvohaCommand;
import org.tryvoha.track.sim.TracksCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The commands of the tools jar: the load generator ({@code bench}) and the threat-track simulator
 * ({@code tracks simulate|bench}). They drive the server's classes from outside; the server jar does
 * not contain them.
 */
@Command(
        name = "tryvoha",
        mixinStandardHelpOptions = true,
        version = "tryvoha 0.1.0",
        description =
                "Tryvoha tools: load benchmarks and threat-track scenarios (the server's commands are in target/tryvoha.jar).",
        subcommands = {BenchCommand.class, TracksCommand.class, CommandLine.HelpCommand.class})
public final class ToolsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with the server CLI's error handling: one {@code error: …} line and exit code 1. */
    public static CommandLine commandLine() {
        return TryvohaCommand.withErrorHandling(new ToolsCommand());
    }
}
