package org.tryvoha.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tools answer {@code --help} under the names the server's CLI used to give them: {@code tryvoha bench …}, {@code tryvoha tracks …}. */
class ToolsHelpTest {
    static Stream<List<String>> commands() {
        return Stream.of(
                List.of(),
                List.of("bench"),
                List.of("bench", "deliver"),
                List.of("tracks"),
                List.of("tracks", "simulate"),
                List.of("tracks", "bench"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExitsZero(List<String> path) {
        var cl = ToolsCommand.commandLine();
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
