package org.tryvoha;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code -Dtryvoha.jar}) as a separate OS process, so that it can be killed
 * with SIGKILL. Its stdout and stderr are collected on a thread; {@link #output()} returns them.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Tryvoha listening on (http://\\S+?:(\\d+))\\b");

    public final Process process;
    public final String base;
    public final int port;
    /** The key a first start wrote to the file its output names, or null when the data directory already had keys. */
    public final String adminKey;

    private final StringBuffer out;

    private ServerProcess(Process process, String base, int port, String adminKey, StringBuffer out) {
        this.process = process;
        this.base = base;
        this.port = port;
        this.adminKey = adminKey;
        this.out = out;
    }

    /** Everything the process printed so far. */
    public String output() {
        return out.toString();
    }

    /** Starts {@code java -jar tryvoha.jar serve} on a free port; waits until it says it listens. */
    public static ServerProcess start(Path dataDir, Map<String, String> env) throws Exception {
        String jar = System.getProperty("tryvoha.jar");
        if (jar == null) throw new IllegalStateException("set -Dtryvoha.jar to target/tryvoha.jar (failsafe does)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-jar",
                jar,
                "serve",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--data-dir",
                dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRYVOHA_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        CountDownLatch listening = new CountDownLatch(1);
        String[] found = new String[2];
        Thread.ofPlatform().daemon().name("server-out-" + p.pid()).start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        found[0] = m.group(1);
                        found[1] = m.group(2);
                        listening.countDown();
                    }
                }
            } catch (Exception e) {
                out.append("[reading the server output failed: ").append(e).append("]\n");
            }
            listening.countDown();
        });
        if (!listening.await(60, TimeUnit.SECONDS) || found[0] == null) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the server did not start; its output:\n" + out);
        }
        return new ServerProcess(p, found[0], Integer.parseInt(found[1]), TestServer.adminKey(out.toString()), out);
    }

    /** SIGKILL (on Linux {@code destroyForcibly} is kill -9); returns once the OS says it is gone. */
    public void kill9() throws InterruptedException {
        ProcessHandle h = process.toHandle();
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError("pid " + h.pid() + " survived kill -9");
        if (h.isAlive()) throw new AssertionError("pid " + h.pid() + " is still alive after kill -9");
        // 128 + 9 (SIGKILL): it did not exit by itself
        if (process.exitValue() != 137)
            throw new AssertionError("pid " + h.pid() + " exited with " + process.exitValue() + ", not by SIGKILL");
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
