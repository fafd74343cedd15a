package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer;
import org.tryvoha.history.HistoryData;

/**
 * {@code history import} on a running server's data directory, the statistics API over HTTP (JSON,
 * CSV, 400s, live alerts counted, drills not), and {@code history replay} through the real API; the
 * import file is the Ukrainian official file of the test slice, and the expected numbers are read
 * from it here.
 */
class HistoryCliTest extends ServerTestBase {
    static final Path UK = HistoryData.file("official_data_uk.csv"); // the test slice of the public record
    static final String KHARKIV_CITY = "UA63120270000028556";
    static CliTest.Run imported;

    @BeforeAll
    static void importWhileTheServerRuns() throws Exception {
        imported = CliTest.run("history", "import", "--data-dir", dir.toString(), UK.toString());
        // the server notices the new import generation within seconds
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (summary(KHARKIV_CITY, "").path("imported_records").asInt() == 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the server did not pick up the import");
            Thread.sleep(200);
        }
    }

    static JsonNode summary(String zone, String query) throws Exception {
        TestServer.Answer a = server.get("/api/v1/stats/summary?zone=" + zone + query);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        return a.json();
    }

    /** The rows of the file, header left out. */
    static List<String[]> rows() throws Exception {
        return Files.readAllLines(UK).stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> l.split(",", -1))
                .toList();
    }

    @Test
    void importReportsWhatItRead() throws Exception {
        List<String[]> rows = rows();
        long swapped = rows.stream().filter(r -> r[0].endsWith(" район")).count(); // a raion in the oblast column
        long distinct = rows.stream()
                .filter(r -> !r[0].endsWith(" район"))
                .map(r -> String.join(",", r))
                .distinct()
                .count();
        assertThat(swapped).as("the test file has the row with swapped columns").isPositive();
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out())
                .contains("rows read: " + rows.size())
                .contains("imported: " + (distinct + 2)) // + the permanent alerts
                .contains("already present: " + (rows.size() - swapped - distinct))
                .contains("oblast and raion columns swapped: " + swapped);
        CliTest.Run again = CliTest.run("history", "import", "--data-dir", dir.toString(), UK.toString());
        assertThat(again.out()).contains("imported: 0").contains("already present: " + (rows.size() - swapped + 2));
    }

    @Test
    void withoutFilesItLooksInTheDataDirectoryAndSaysSo(@TempDir Path empty) {
        CliTest.Run r = CliTest.run("history", "import", "--data-dir", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("the default folder " + empty.resolve("history"))
                .contains("tryvoha history import [--volunteer] DIR|FILE");
    }

    @Test
    void summaryAndSeriesAsJsonAndCsv() throws Exception {
        JsonNode s = summary(KHARKIV_CITY, "&from=2023-01-01&to=2023-02-01");
        assertThat(s.path("from").asText()).isEqualTo("2022-12-31T22:00:00Z");
        long[] expected = kharkivCity(
                Instant.parse("2022-12-31T22:00:00Z").getEpochSecond(),
                Instant.parse("2023-01-31T22:00:00Z").getEpochSecond());
        assertThat(expected[0])
                .as("the test file has alerts on Kharkiv city in January 2023")
                .isPositive();
        assertThat(s.path("alerts").asLong()).isEqualTo(expected[0]);
        assertThat(s.path("total_seconds").asLong()).isEqualTo(expected[1]);
        assertThat(s.path("longest").path("seconds").asLong())
                .isGreaterThanOrEqualTo(s.path("median_seconds").asLong());

        TestServer.Answer csv = server.send(HttpRequest.newBuilder(URI.create(server.base + "/api/v1/stats/series?zone="
                        + KHARKIV_CITY + "&by=day&from=2023-01-01&to=2023-02-01"))
                .header("Accept", "text/csv")
                .build());
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.raw().body().lines()).hasSize(32).first().isEqualTo("day,seconds,hours,alerts");
        long sum = csv.raw()
                .body()
                .lines()
                .skip(1)
                .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                .sum();
        assertThat(sum).isEqualTo(s.path("total_seconds").asLong());

        TestServer.Answer ranking =
                server.get("/api/v1/stats/ranking?level=raion&limit=3&format=csv&from=2023-01-01&to=2023-02-01");
        assertThat(ranking.raw().body().lines())
                .hasSize(4)
                .first()
                .isEqualTo("rank,zone,name_uk,name_en,level,seconds,share,alerts");
        assertThat(server.get("/api/v1/stats/ranking?level=hromada")
                        .json()
                        .path("zones")
                        .size())
                .isGreaterThan(1000);
    }

    /**
     * Periods overlapping [f, t) and seconds under alert in it for Kharkiv city, read from the file by
     * name: alerts on Kharkiv oblast, Kharkivskyi raion or the city's hromada, overlaps merged.
     */
    static long[] kharkivCity(long f, long t) throws Exception {
        List<long[]> spans = new ArrayList<>();
        for (String[] r : rows()) {
            boolean on = r[0].equals("Харківська область")
                    && (r[3].equals("oblast")
                            || r[3].equals("raion") && r[1].equals("Харківський район")
                            || r[3].equals("hromada") && r[2].equals("м. Харків та Харківська територіальна громада"));
            if (on)
                spans.add(new long[] {
                    OffsetDateTime.parse(r[4].replace(' ', 'T')).toEpochSecond(),
                    OffsetDateTime.parse(r[5].replace(' ', 'T')).toEpochSecond()
                });
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long alerts = 0;
        long seconds = 0;
        long[] cur = null;
        for (long[] x : spans) {
            if (cur != null && x[0] <= cur[1]) {
                cur[1] = Math.max(cur[1], x[1]);
                continue;
            }
            if (cur != null && cur[1] > f && cur[0] < t) {
                alerts++;
                seconds += Math.min(cur[1], t) - Math.max(cur[0], f);
            }
            cur = x.clone();
        }
        if (cur != null && cur[1] > f && cur[0] < t) {
            alerts++;
            seconds += Math.min(cur[1], t) - Math.max(cur[0], f);
        }
        return new long[] {alerts, seconds};
    }

    @Test
    void theAlertsInForceAreThePermanentOnesTheStatisticsCount() throws Exception {
        JsonNode open = server.get("/api/v1/stats/in-force").json().path("alerts");
        List<String> zones = new ArrayList<>();
        open.forEach(a -> zones.add(a.path("zone").asText()));
        assertThat(zones).contains("UA44000000000018893", "UA01000000000013043");
        for (JsonNode a : open) {
            assertThat(a.path("since").asText()).endsWith("Z");
            JsonNode s =
                    summary(a.path("zone").asText(), "&from=" + Instant.now().minusSeconds(3600));
            assertThat(s.path("share").asDouble())
                    .as("%s counted as under alert", a)
                    .isEqualTo(1.0);
        }
        assertThat(server.get("/api/v1/stats/in-force?format=csv").raw().body().lines())
                .first()
                .isEqualTo("zone,since,source");
    }

    @Test
    void badZoneRangeOrParameterIs400WithTheReason() throws Exception {
        assertProblem("/api/v1/stats/summary?zone=UA999", "unknown zone 'UA999'");
        assertProblem("/api/v1/stats/summary", "zone is required");
        assertProblem("/api/v1/stats/summary?zone=UA&from=2024-02-01&to=2024-01-01", "must be before");
        assertProblem("/api/v1/stats/summary?zone=UA&from=yesterday", "from must be a date");
        assertProblem("/api/v1/stats/series?zone=UA&by=fortnight", "by must be one of");
        assertProblem("/api/v1/stats/ranking?level=street", "level must be oblast, raion or hromada");
        assertProblem("/api/v1/stats/ranking?level=country", "level must be oblast, raion or hromada");
        assertProblem("/api/v1/stats/ranking?limit=0", "limit must be");
        assertProblem("/api/v1/stats/ranking?format=xml", "format must be json or csv");
    }

    @Test
    void aRangeFromTheYearOneStartsWithTheRecordAndSaysWhereTheImportEnds() throws Exception {
        String last = rows().stream().map(r -> r[5]).max(String::compareTo).orElseThrow();
        Instant end = OffsetDateTime.parse(last.replace(' ', 'T')).toInstant();
        TestServer.Answer a = server.get("/api/v1/stats/series?zone=UA&by=day&from=0001-01-01");
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.raw().body().length())
                .as("the whole record by day, not two thousand years")
                .isLessThan(200_000);
        assertThat(a.json().path("buckets").get(0).path("key").asText()).isEqualTo("2022-02-24");
        assertThat(a.json().path("coverage_to").asText()).isEqualTo(end.toString());
        assertThat(summary(KHARKIV_CITY, "&from=0001-01-01").path("from").asText())
                .isEqualTo("2022-02-23T22:00:00Z");
        assertThat(summary(KHARKIV_CITY, "").path("coverage_to").asText()).isEqualTo(end.toString());
        TestServer.Answer csv = server.get("/api/v1/stats/ranking?format=csv");
        assertThat(csv.raw().headers().firstValue("Coverage-To")).hasValue(end.toString());
        assertProblem("/api/v1/stats/summary?zone=UA&to=2001-01-01", "before the record starts");
    }

    private static void assertProblem(String path, String detail) throws Exception {
        TestServer.Answer a = server.get(path);
        assertThat(a.status()).as(path).isEqualTo(400);
        assertThat(a.json().path("detail").asText()).as(path).contains(detail);
    }

    @Test
    void liveAlertsCountButDrillsDoNot() throws Exception {
        String zone = "UA21060000000059475"; // a Zakarpattia raion
        String from = Instant.now().minusSeconds(5).toString();
        JsonNode before = summary(zone, "&from=" + from);
        String drill = server.raise("{\"type\":\"air_raid\",\"status\":\"exercise\",\"zones\":[\"" + zone
                        + "\"],\"message\":{\"uk\":\"н\",\"en\":\"e\"}}")
                .path("alert")
                .path("id")
                .asText();
        assertThat(summary(zone, "&from=" + from).path("alerts").asInt())
                .isEqualTo(before.path("alerts").asInt());
        String real = server.raise(
                        "{\"type\":\"drone\",\"zones\":[\"" + zone + "\"],\"message\":{\"uk\":\"н\",\"en\":\"e\"}}")
                .path("alert")
                .path("id")
                .asText();
        Thread.sleep(1100);
        JsonNode during = summary(zone, "&from=" + from);
        assertThat(during.path("alerts").asInt())
                .isEqualTo(before.path("alerts").asInt() + 1);
        assertThat(during.path("total_seconds").asLong()).isPositive();
        server.cancel(real);
        server.cancel(drill);
    }

    @Test
    void replayRaisesAndCancelsExerciseAlertsThroughTheApi() throws Exception {
        long expected = Files.readAllLines(UK).stream()
                .skip(1)
                .filter(l -> l.split(",")[4].compareTo("2022-03-15 16:00") >= 0
                        && l.split(",")[4].compareTo("2022-03-15 16:30") < 0)
                .filter(l -> !l.startsWith("Лубенський район"))
                .count();
        assertThat(expected)
                .as("the test file has alerts in the replayed half hour")
                .isPositive();
        CliTest.Run r = CliTest.run(
                "history",
                "replay",
                "--data-dir",
                dir.toString(),
                "--server",
                server.base,
                "--key",
                server.adminKey,
                "--from",
                "2022-03-15T16:00:00Z",
                "--to",
                "2022-03-15T16:30:00Z",
                "--speed",
                "100000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("replayed: " + expected + " raised, " + expected + " cancelled");
        JsonNode drills = server.get("/api/v1/alerts?status=exercise&limit=200").json();
        long replayed = 0;
        for (JsonNode a : drills.path("alerts")) {
            if (!a.path("message").path("en").asText().startsWith("EXERCISE: replay")) continue;
            replayed++;
            assertThat(a.path("active").asBoolean()).isFalse();
        }
        assertThat(replayed).isEqualTo(expected);
    }
}
