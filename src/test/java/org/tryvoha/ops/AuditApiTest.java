package org.tryvoha.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.POLTAVA_OBLAST;
import static org.tryvoha.auth.Ops.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.auth.Ops;
import org.tryvoha.cli.TryvohaCommand;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import picocli.CommandLine;

/** The audit log as an admin sees it over HTTP and the CLI: every action, refused ones too, never a key. */
class AuditApiTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static String operator, viewer, operatorKeyId;

    @BeforeAll
    static void start() throws Exception {
        server = Ops.server(dir, Map.of());
        operator = Ops.create(server, "kharkiv-op", "operator", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
        viewer = Ops.create(server, "watcher", "viewer", "\"*\"", "\"*\"");
        operatorKeyId = operator.substring(4, 16);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Entries are appended after the answer is sent: wait (bounded) until one matches. */
    static List<JsonNode> entries(Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            List<JsonNode> all = new ArrayList<>();
            server.send("GET", "/api/v1/audit?limit=1000", null, server.adminKey)
                    .json()
                    .path("entries")
                    .forEach(all::add);
            if (all.stream().anyMatch(until) || System.nanoTime() > deadline) return all;
            Thread.sleep(50);
        }
    }

    @Test
    void acceptedAndRefusedActionsAreRecordedWithoutSecrets() throws Exception {
        String id = server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), operator)
                .json()
                .path("alert")
                .path("id")
                .asText();
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", POLTAVA_OBLAST), operator)
                        .status())
                .isEqualTo(403);
        assertThat(server.send("POST", "/api/v1/alerts/" + id + "/cancel", null, viewer)
                        .status())
                .isEqualTo(403);
        String wrong = operator.substring(0, operator.length() - 2) + "zz";
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), wrong)
                        .status())
                .isEqualTo(401);
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), null)
                        .status())
                .isEqualTo(401);
        assertThat(server.send("POST", "/api/v1/alerts/" + id + "/cancel", null, operator)
                        .status())
                .isEqualTo(200);

        List<JsonNode> all = entries(e -> e.path("action").asText().equals("alert.cancel")
                && e.path("status").asInt() == 200);
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("alert.raise");
            assertThat(e.path("actor").asText()).isEqualTo("kharkiv-op");
            assertThat(e.path("role").asText()).isEqualTo("operator");
            assertThat(e.path("target").asText()).isEqualTo(id);
            assertThat(e.path("status").asInt()).isEqualTo(201);
            assertThat(e.path("detail").asText()).contains(KHARKIV_RAION);
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("status").asInt()).isEqualTo(403);
            assertThat(e.path("actor").asText()).isEqualTo("kharkiv-op");
            assertThat(e.path("detail").asText()).contains("outside its scope").contains(POLTAVA_OBLAST);
        });
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("alert.cancel");
            assertThat(e.path("actor").asText()).isEqualTo("watcher");
            assertThat(e.path("status").asInt()).isEqualTo(403);
        });
        // refused before authentication: counted and summed up (a wrong key by the public id it claims), not one entry
        // each
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("anonymous.refusals");
            assertThat(e.path("actor").asText()).isEqualTo("anonymous");
            assertThat(e.path("detail").asText())
                    .contains("\"" + operatorKeyId + "\":1")
                    .contains("\"(none)\":1");
        });
        assertThat(all)
                .noneSatisfy(e -> assertThat(e.path("status").asInt() == 401
                                && !e.path("action").asText().equals("anonymous.refusals"))
                        .isTrue());
        String text = all.toString();
        for (String secret : List.of(operator, viewer, wrong, server.adminKey))
            assertThat(text).doesNotContain(secret.substring(16));
        // operator creation is recorded, the new key is not
        assertThat(all)
                .anySatisfy(e -> assertThat(e.path("action").asText() + " "
                                + e.path("target").asText())
                        .isEqualTo("operator.create watcher"));
    }

    @Test
    void onlyAdminsReadTheLogAndItVerifiesOverTheApi() throws Exception {
        assertThat(server.send("GET", "/api/v1/audit", null, operator).status()).isEqualTo(403);
        assertThat(server.send("GET", "/api/v1/audit/verify", null, viewer).status())
                .isEqualTo(403);
        entries(e -> e.path("action")
                .asText()
                .equals("operator.create")); // entries are written after the answer (group commit)
        Answer v = server.send("GET", "/api/v1/audit/verify", null, server.adminKey);
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.json().path("ok").asBoolean()).isTrue();
        assertThat(v.json().path("entries").asLong()).isPositive();
        assertThat(server.send("GET", "/api/v1/audit?limit=0", null, server.adminKey)
                        .status())
                .isEqualTo(422);
    }

    @Test
    void cliVerifiesTheDataDirectoryAndNamesTheFirstBadEntry() throws Exception {
        server.send("POST", "/api/v1/alerts", alert("drone", POLTAVA_OBLAST), operator);
        entries(e -> e.path("seq").asLong() >= 3);
        String[] ok = run("audit", "verify", "--data-dir", dir.toString());
        assertThat(ok[0]).isEqualTo("0");
        assertThat(ok[1]).startsWith("ok: ");
        String[] list = run("audit", "list", "--server", server.base, "--key", server.adminKey);
        assertThat(list[0]).isEqualTo("0");
        assertThat(list[1]).contains("operator.create");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2");
        }
        String[] bad = run("audit", "verify", "--data-dir", dir.toString());
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).contains("TAMPERED: first bad entry 2").contains("entry 2 was changed");
        String[] remote = run("audit", "verify", "--remote", "--server", server.base, "--key", server.adminKey);
        assertThat(remote[1]).contains("first bad entry 2");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'admin' WHERE seq = 2");
        }
        assertThat(run("audit", "verify", "--data-dir", dir.toString())[0]).isEqualTo("0");
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
