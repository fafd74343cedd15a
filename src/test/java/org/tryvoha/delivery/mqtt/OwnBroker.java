package org.tryvoha.delivery.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A private Mosquitto (child process, loopback only, persistence off) that a test may kill and
 * restart; the shared broker on 1883 is never touched.
 */
final class OwnBroker implements AutoCloseable {
    final int port;
    private final Path conf;
    private final Path log;
    private Process process;

    OwnBroker(Path dir) throws IOException {
        this(dir, false);
    }

    /** With {@code persistent}, the broker saves sessions and retained messages on a clean {@link #stop}. */
    OwnBroker(Path dir, boolean persistent) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        conf = dir.resolve("mosquitto.conf");
        log = dir.resolve("mosquitto.log");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                        + (persistent
                                // as root, Mosquitto drops to its own user, which may not write the test's directory
                                ? "persistence true\npersistence_location " + dir.toAbsolutePath() + "/\nuser root\n"
                                : "persistence false\n"));
    }

    OwnBroker start() throws IOException {
        process = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Mqtt.await(
                "own mosquitto listening on " + port + " (log: " + log + ")", Duration.ofSeconds(10), this::listening);
        return this;
    }

    /** SIGKILL: with persistence off every retained message is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        Mqtt.await("own mosquitto stopped", Duration.ofSeconds(10), () -> !listening());
    }

    /** SIGTERM: a persistent broker saves its sessions and retained messages first. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
        Mqtt.await("own mosquitto stopped", Duration.ofSeconds(10), () -> !listening());
    }

    private boolean listening() {
        if (process != null && !process.isAlive()) return false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) process.destroyForcibly();
    }
}
