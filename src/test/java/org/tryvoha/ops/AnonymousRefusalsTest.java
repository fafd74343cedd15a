package org.tryvoha.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;
import static org.tryvoha.auth.Ops.KHARKIV_RAION;
import static org.tryvoha.auth.Ops.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.auth.Ops;
import org.tryvoha.json.Json;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** A stranger's refused requests are counted and sampled, not audited one row each; an operator's are. */
class AnonymousRefusalsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static String operator, viewer;

    @BeforeAll
    static void start() throws Exception {
        // the wrong-key budgets would answer most of the flood with 429 before any key check; this test
        // is about how refusals are recorded, so they stay out of its way
        server = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_RATE_LIMIT_REQUESTS_PER_SECOND", "0",
                        "TRYVOHA_OPERATOR_KEY_FAILURES", "100000",
                        "TRYVOHA_OPERATOR_KEY_ADDRESS_FAILURES", "100000"));
        operator = Ops.create(server, "kharkiv-op", "operator", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
        viewer = Ops.create(server, "watcher", "viewer", "\"*\"", "\"*\"");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aThousandAnonymous401sAddAtMostAHandfulOfRows() throws Exception {
        String wrong = operator.substring(0, operator.length() - 2) + "zz";
        long before = rows();
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            int status = server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), i % 2 == 0 ? null : wrong)
                    .status();
            if (status == 401) refused++;
        }
        assertThat(refused).isEqualTo(1000);
        // an operator's refused request is still audited, each one: it marks that the flood was written
        assertThat(server.send("POST", "/api/v1/alerts", alert("drone", KHARKIV_RAION), viewer)
                        .status())
                .isEqualTo(403);
        waitFor("watcher");
        assertThat(rows() - before).isLessThanOrEqualTo(5);

        // an admin's read sums the window up in one entry, with counts and a sample
        JsonNode list = server.send("GET", "/api/v1/audit?limit=1000", null, server.adminKey)
                .json();
        assertThat(list.path("anonymous_refusals").asLong()).isGreaterThanOrEqualTo(1000);
        List<JsonNode> summaries = new ArrayList<>();
        list.path("entries").forEach(e -> {
            if (e.path("action").asText().equals("anonymous.refusals")) summaries.add(e);
        });
        assertThat(summaries).hasSize(1);
        JsonNode d = Json.MAPPER.readTree(summaries.get(0).path("detail").asText());
        assertThat(d.path("count").asLong()).isEqualTo(1000);
        assertThat(d.path("by_status").path("401").asLong()).isEqualTo(1000);
        assertThat(d.path("by_claimed_id").path(operator.substring(4, 16)).asLong())
                .isEqualTo(500);
        assertThat(d.path("sample")).hasSize(5);
        assertThat(d.toString()).doesNotContain(wrong.substring(16));
        assertThat(rows() - before).isLessThanOrEqualTo(6);
        assertThat(server.send("GET", "/api/v1/audit/verify", null, server.adminKey)
                        .json()
                        .path("ok")
                        .asBoolean())
                .isTrue();
    }

    private static void waitFor(String actor) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline
                && count("SELECT COUNT(*) FROM audit_log WHERE actor = '" + actor + "'") == 0) Thread.sleep(20);
        Thread.sleep(200); // entries are group-committed; the flood's would be in by now
    }

    private static long rows() throws SQLException {
        return count("SELECT COUNT(*) FROM audit_log");
    }

    private static long count(String q) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(q)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
