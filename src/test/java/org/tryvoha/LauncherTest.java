package org.tryvoha;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./tryvoha} launcher bounds the JVM heap unless told otherwise. Checked through its
 * dry run, which prints the very command it would exec (and builds nothing).
 */
class LauncherTest {
    record Run(int exit, String out) {}

    @Test
    void theServerRunsWithABoundedHeapByDefault() throws Exception {
        Run r = launch(Map.of(), "serve", "--port", "0");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains(" -Xmx2g ").contains("tryvoha.jar serve --port 0");
    }

    @Test
    void theHeapIsASettingAndMoreJvmOptionsComeAfterTheLaunchersOwn() throws Exception {
        assertThat(launch(Map.of("TRYVOHA_HEAP", "512m"), "serve").out())
                .contains(" -Xmx512m ")
                .doesNotContain("-Xmx2g");
        String out =
                launch(Map.of("TRYVOHA_JAVA_OPTS", "-Xmx3g -Dfoo=bar"), "serve").out();
        // the JVM takes the last -Xmx: the operator's
        assertThat(out.indexOf("-Xmx3g")).isGreaterThan(out.indexOf("-Xmx2g"));
        assertThat(out).contains(" -Dfoo=bar -jar ");
    }

    @Test
    void aHeapThatIsNoSizeIsRefusedWithAMessage() throws Exception {
        Run r = launch(Map.of("TRYVOHA_HEAP", "lots"), "serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("TRYVOHA_HEAP='lots' is not a heap size");
    }

    @Test
    void theBenchmarkToolKeepsItsOwnJvmSettings() throws Exception {
        // its servers get their heap from the benchmark's own flags, not from the launcher
        assertThat(launch(Map.of(), "bench", "--help").out())
                .doesNotContain("-Xmx")
                .contains("tryvoha-tools.jar bench");
    }

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        Path script = Path.of("tryvoha").toAbsolutePath();
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        ProcessBuilder pb =
                new ProcessBuilder(concat(List.of("bash", script.toString()), List.of(args))).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRYVOHA_"));
        pb.environment().put("TRYVOHA_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TRYVOHA_DRY_RUN", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
