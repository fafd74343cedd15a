package org.tryvoha.tools;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tryvoha.cli.HelpTest;

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
        HelpTest.assertHelp(ToolsCommand.commandLine(), path);
    }
}
