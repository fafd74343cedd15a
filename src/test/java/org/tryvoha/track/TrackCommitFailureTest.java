package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** A batch whose alert changes cannot be committed: the HTTP answer says so, and nothing of it is lost. */
class TrackCommitFailureTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs one statement on the server's SQLite file from a connection of the test's own. */
    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAlertStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute(statement);
        }
    }

    private static String bomb(String id, Instant t, double lat) {
        return "{\"track_id\":\"" + id + "\",\"class\":\"guided_bomb\",\"time\":\"" + t + "\",\"lat\":" + lat
                + ",\"lon\":36.2304,\"velocity\":{\"east\":0,\"north\":-250},\"uncertainty_m\":300}";
    }

    private static JsonNode activeAlerts() throws Exception {
        return server.get("/api/v1/alerts?active=true").json().path("alerts");
    }

    @Test
    void aBatchWhoseCommitFailsIsAnswered503AndItsAlertsFollowOnceTheStoreTakesThem() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String batch = "{\"reports\":[" + bomb("gb-1", now, 50.13) + "," + bomb("gb-2", now, 50.15) + "]}";
        // the database refuses the second event of the batch, after its first was written in the same transaction
        sql("CREATE TRIGGER refuse_second BEFORE INSERT ON events WHEN (SELECT count(*) FROM events) >= 1 "
                + "BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");

        Answer refused = server.send("POST", "/api/v1/tracks", batch, server.adminKey);
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
        assertThat(refused.json().path("detail").asText())
                .contains(
                        "the 2 accepted report(s) of this batch are kept",
                        "could not be committed",
                        "sending the batch again is safe");
        assertThat(activeAlerts()).isEmpty(); // all or nothing: not even the first bomb's alert
        JsonNode tracks = server.send("GET", "/api/v1/tracks", null, server.adminKey)
                .json()
                .path("features");
        assertThat(tracks)
                .hasSize(2)
                .allSatisfy(
                        f -> assertThat(f.path("properties").path("alert_id").isMissingNode()
                                        || f.path("properties").path("alert_id").isNull())
                                .isTrue());

        sql("DROP TRIGGER refuse_second");
        JsonNode alerts = activeAlerts();
        for (int i = 0; i < 100 && alerts.size() < 2; i++) { // the engine tries again on its next tick, once a second
            Thread.sleep(100);
            alerts = activeAlerts();
        }
        assertThat(alerts)
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.path("type").asText()).isEqualTo("guided_bomb"));

        Answer again = server.send("POST", "/api/v1/tracks", batch, server.adminKey);
        assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asInt()).isEqualTo(2);
        assertThat(activeAlerts()).hasSize(2);
        JsonNode stats = server.send("GET", "/api/v1/tracks/stats", null, server.adminKey)
                .json();
        assertThat(stats.path("alerts_raised").asLong()).isEqualTo(2);
        assertThat(stats.path("alert_failures").asLong()).isGreaterThanOrEqualTo(2);
    }
}
