package org.tryvoha.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "tryvoha",
        mixinStandardHelpOptions = true,
        version = "tryvoha 0.1.0",
        description = "Tryvoha: an open public warning platform for air threats.",
        footer = {
            "",
            "The load benchmarks (bench) and the threat-track simulator (tracks simulate, tracks bench) are in the tools jar, "
                    + "target/tryvoha-tools.jar, which ./tryvoha runs for them: ./tryvoha bench --help, ./tryvoha tracks --help."
        },
        subcommands = {
            ServeCommand.class,
            AlertCommand.class,
            ZonesCommand.class,
            StatusCommand.class,
            ListenCommand.class,
            KeysCommand.class,
            OperatorsCommand.class,
            ApprovalsCommand.class,
            AuditCommand.class,
            CapCommand.class,
            HistoryCommand.class,
            WebhooksCommand.class,
            VerifyCommand.class,
            SigningKeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TryvohaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return withErrorHandling(new TryvohaCommand());
    }

    /** {@code command}'s command line answering a failure with one {@code error: …} line and exit code 1. */
    public static CommandLine withErrorHandling(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl;
    }
}
