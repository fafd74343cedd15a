package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.auth.Ops;

/** tryvoha operators / approvals / alert raise, as an admin, an operator and an approver run them. */
class OpsCliTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliTest.Run as(String key, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = server.base;
        all[args.length + 2] = "--key";
        all[args.length + 3] = key;
        return CliTest.run(all);
    }

    @Test
    void adminCreatesOperatorsWhoRaiseAndApproveFromTheCommandLine() {
        CliTest.Run op = as(
                server.adminKey,
                "operators",
                "create",
                "--name",
                "olena",
                "--role",
                "operator",
                "--zones",
                Ops.KHARKIV_OBLAST + "," + Ops.POLTAVA_OBLAST);
        assertThat(op.code()).as(op.err()).isZero();
        String olena = op.out().strip();
        assertThat(olena).startsWith("tvo_");
        String taras = as(server.adminKey, "operators", "create", "--name", "taras", "--role", "approver")
                .out()
                .strip();
        assertThat(as(server.adminKey, "operators", "list").out())
                .contains("olena")
                .contains("operator")
                .contains(Ops.POLTAVA_OBLAST)
                .doesNotContain(olena);

        CliTest.Run held = as(
                olena,
                "alert",
                "raise",
                "--type",
                "air_raid",
                "--zone",
                Ops.KHARKIV_OBLAST,
                "--zone",
                Ops.POLTAVA_OBLAST,
                "--uk",
                "Тривога",
                "--en",
                "Alert");
        assertThat(held.code()).as(held.err()).isZero();
        assertThat(held.err()).contains("held for approval");
        String id = held.out().strip();
        assertThat(as(taras, "approvals", "list").out()).contains(id).contains("olena");
        CliTest.Run self = as(olena, "approvals", "approve", id);
        assertThat(self.code()).isNotZero();
        assertThat(self.err()).contains("HTTP 403");
        CliTest.Run ok = as(taras, "approvals", "approve", id);
        assertThat(ok.code()).as(ok.err()).isZero();
        String alertId = ok.out().strip();
        assertThat(as(olena, "alert", "cancel", alertId).code()).isZero();

        assertThat(as(server.adminKey, "operators", "change", "olena", "--role", "viewer")
                        .out())
                .contains("viewer");
        assertThat(as(olena, "alert", "raise", "--type", "drone", "--zone", Ops.KHARKIV_OBLAST, "--en", "x")
                        .err())
                .contains("HTTP 403")
                .contains("has role viewer");
        assertThat(as(server.adminKey, "operators", "revoke", "olena").code()).isZero();
        assertThat(as(olena, "approvals", "list").err()).contains("HTTP 401");
    }
}
