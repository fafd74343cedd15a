package org.tryvoha.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tryvoha.store.postgres.PgTestDatabase;

/** One Tryvoha node as a separate process, started from the packaged jar (-Dtryvoha.jar). */
final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Tryvoha listening on (http://[^ ]+:\\d+)");

    final String name;
    final String base;
    private final Process process;
    private final List<String> output;

    private NodeProcess(String name, String base, Process process, List<String> output) {
        this.name = name;
        this.base = base;
        this.process = process;
        this.output = output;
    }

    static String jar() {
        String jar = System.getProperty("tryvoha.jar");
        if (jar == null || !Path.of(jar).toFile().isFile()) {
            throw new AssertionError(
                    "system property tryvoha.jar must name the packaged jar (run through failsafe: ./mvnw verify), got "
                            + jar);
        }
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> command(String... args) {
        List<String> cmd =
                new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a short CLI command (e.g. keys create) and returns its stdout; fails on a non-zero exit. */
    static String run(String... args) throws Exception {
        Process p = new ProcessBuilder(command(args))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new AssertionError("'" + String.join(" ", args) + "' failed: " + out);
        return out.strip();
    }

    /** The settings of a cluster node: the event log in PostgreSQL at {@code pgUrl}, the bus on NATS. */
    static List<String> clusterArgs(String pgUrl, String natsUrl, String stream) {
        return List.of(
                "--store",
                "postgres",
                "--postgres-url",
                pgUrl,
                "--postgres-user",
                PgTestDatabase.USER,
                "--bus",
                "nats",
                "--nats-url",
                natsUrl,
                "--nats-stream",
                stream);
    }

    /** Creates an operator key named {@code name} in the cluster's database; its secret. */
    static String createKey(String name, String pgUrl) throws Exception {
        return run(
                "keys",
                "create",
                "--name",
                name,
                "--store",
                "postgres",
                "--postgres-url",
                pgUrl,
                "--postgres-user",
                PgTestDatabase.USER);
    }

    /** Starts {@code serve} with these arguments on a free port and waits for its listening line. */
    static CompletableFuture<NodeProcess> start(String name, List<String> serveArgs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<String> args = new ArrayList<>(List.of(
                        "serve", "--host", "127.0.0.1", "--port", "0", "--node-id", name, "--event-loops", "1"));
                args.addAll(serveArgs);
                Process p = new ProcessBuilder(command(args.toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .start();
                List<String> output = Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<String> listening = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            output.add(line);
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) listening.complete(m.group(1));
                        }
                    } catch (Exception e) {
                        // the process died; reported below
                    }
                    listening.completeExceptionally(new AssertionError(
                            "node " + name + " exited before listening:\n" + String.join("\n", output)));
                });
                return new NodeProcess(name, listening.get(60, TimeUnit.SECONDS), p, output);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** kill -9: no shutdown hook, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) kill9();
    }
}
