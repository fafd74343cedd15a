package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import picocli.CommandLine;

/** The CLI, run as a user runs it, against a real server and a real data directory. */
class CliTest extends ServerTestBase {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    String[] remote(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = server.base;
        all[args.length + 2] = "--key";
        all[args.length + 3] = server.adminKey;
        return all;
    }

    @Test
    void zonesFindAnswersOffline() {
        Run r = run("zones", "find", "--lat", "49.9935", "--lon", "36.2304");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(4);
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("UA63120270000028556")
                .contains("hromada");
        assertThat(run("zones", "find", "--name", "Харків").out()).contains("UA63000000000041885");
        Run sea = run("zones", "find", "--lat", "43.5", "--lon", "32.0");
        assertThat(sea.code()).isEqualTo(1);
        assertThat(sea.err()).contains("no zone found");
    }

    @Test
    void alertRaiseListStatusCancel() {
        Run raised = run(remote(
                "alert",
                "raise",
                "--type",
                "drone",
                "--zone",
                "UA63120000000091135",
                "--uk",
                "Загроза БпЛА",
                "--en",
                "Drone threat"));
        assertThat(raised.code()).as(raised.err()).isZero();
        String id = raised.out().strip();
        assertThat(raised.err()).contains("issued alert " + id);
        assertThat(run(remote("alert", "list")).out()).contains(id).contains("drone");
        assertThat(run(remote("status")).out()).contains("UA63120000000091135").contains("ALERT since");
        Run updated = run(remote("alert", "update", id, "--en", "Drones heading west"));
        assertThat(updated.err()).contains("updated alert " + id);
        Run cancelled = run(remote("alert", "cancel", id));
        assertThat(cancelled.code()).isZero();
        assertThat(cancelled.err()).contains("cancelled alert " + id);
        Run again = run(remote("alert", "cancel", id));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 409").contains("already ended");
    }

    @Test
    void badInputAndMissingKeyAreExplained() {
        Run bad = run(remote("alert", "raise", "--type", "meteor", "--zone", "X", "--uk", "x"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err())
                .contains("HTTP 422")
                .contains("type: unknown alert type 'meteor'")
                .contains("zones[0]: unknown zone id 'X'");
        Run noKey = run("alert", "cancel", "x", "--server", server.base);
        assertThat(noKey.code()).isEqualTo(1);
        assertThat(noKey.err()).contains("operator key is needed");
        Run down = run("status", "--server", "http://127.0.0.1:1");
        assertThat(down.err()).contains("cannot reach the server");
    }

    @Test
    void listenPrintsLiveEvents() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(
                () -> cl.execute("listen", "--lat", "49.9935", "--lon", "36.2304", "--server", server.base));
        try {
            waitFor(out, "state #");
            String id = run(remote("alert", "raise", "--zone", "UA63000000000041885", "--uk", "Повітряна тривога"))
                    .out()
                    .strip();
            waitFor(out, "ISSUED air_raid");
            run(remote("alert", "cancel", id));
            waitFor(out, "CANCELLED air_raid");
            assertThat(out.toString()).contains("Повітряна тривога");
        } finally {
            listening.cancel(true);
        }
    }

    @Test
    void keysCreateListRevokeOnTheDataDirectory() throws Exception {
        Path keysDir = Files.createTempDirectory(dir, "keys");
        Run created = run("keys", "create", "--data-dir", keysDir.toString(), "--name", "ops");
        assertThat(created.code()).isZero();
        assertThat(created.out().strip()).startsWith("tvk_");
        assertThat(run("keys", "list", "--data-dir", keysDir.toString()).out())
                .contains("ops")
                .doesNotContain(created.out().strip());
        assertThat(run("keys", "revoke", "--data-dir", keysDir.toString(), "ops")
                        .code())
                .isZero();
        Run twice = run("keys", "revoke", "--data-dir", keysDir.toString(), "ops");
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("no valid key");
    }

    static void waitFor(StringWriter out, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("no '" + text + "' in: " + out);
            Thread.sleep(20);
        }
    }
}
