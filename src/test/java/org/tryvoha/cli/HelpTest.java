package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage and exit code 0. */
public class HelpTest {
    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(TryvohaCommand.commandLine(), new ArrayList<>(), out);
        assertThat(out).hasSizeGreaterThan(30); // the walk really found the subcommands
        return out.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name))
                return; // the help command itself, and aliases
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExitsZero(List<String> path) {
        assertHelp(TryvohaCommand.commandLine(), path);
    }

    /** {@code path --help} on {@code cl} prints its usage, nothing on stderr, and exits 0. */
    public static void assertHelp(CommandLine cl, List<String> path) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        int code = cl.execute(args.toArray(String[]::new));
        assertThat(err.toString()).as("stderr of %s", args).isEmpty();
        assertThat(code).as("exit code of %s", args).isZero();
        assertThat(out.toString())
                .as("usage of %s", args)
                .startsWith("Usage: tryvoha" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
    }
}
