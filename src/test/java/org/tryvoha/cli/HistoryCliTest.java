package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer;

/**
 * {@code history import} on a running server's data directory, the statistics API over HTTP (JSON,
 * CSV, 400s, live alerts counted, drills not), and {@code history replay} through the real API.
 */
class HistoryCliTest extends ServerTestBase {
  static final Path DATA = Path.of(System.getProperty("tryvoha.test.history", "../shared/data/alerts-history"));
  static final String KHARKIV_CITY = "UA63120270000028556";
  static CliTest.Run imported;

  @BeforeAll
  static void importWhileTheServerRuns() throws Exception {
    Path file = DATA.resolve("official_data_uk.csv");
    if (!file.toFile().isFile()) throw new AssertionError("missing test data " + file.toAbsolutePath() + " (the alert-history files of ../shared/data)");
    imported = CliTest.run("history", "import", "--data-dir", dir.toString(), file.toString());
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

  @Test
  void importReportsWhatItRead() {
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("rows read: 33978").contains("imported: 33979").contains("already present: 0")
        .contains("oblast and raion columns swapped: 1");
    CliTest.Run again = CliTest.run("history", "import", "--data-dir", dir.toString(), DATA.resolve("official_data_uk.csv").toString());
    assertThat(again.out()).contains("imported: 0").contains("already present: 33979");
  }

  @Test
  void withoutFilesItLooksInTheDataDirectoryAndSaysSo(@org.junit.jupiter.api.io.TempDir Path empty) {
    CliTest.Run r = CliTest.run("history", "import", "--data-dir", empty.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("the default folder " + empty.resolve("history")).contains("tryvoha history import [--volunteer] DIR|FILE");
  }

  @Test
  void summaryAndSeriesAsJsonAndCsv() throws Exception {
    JsonNode s = summary(KHARKIV_CITY, "&from=2023-01-01&to=2023-02-01");
    assertThat(s.path("from").asText()).isEqualTo("2022-12-31T22:00:00Z");
    assertThat(s.path("alerts").asInt()).isPositive();
    assertThat(s.path("total_seconds").asLong()).isPositive();
    assertThat(s.path("longest").path("seconds").asLong()).isGreaterThanOrEqualTo(s.path("median_seconds").asLong());

    TestServer.Answer csv = server.send(HttpRequest.newBuilder(URI.create(server.base + "/api/v1/stats/series?zone=" + KHARKIV_CITY
        + "&by=day&from=2023-01-01&to=2023-02-01")).header("Accept", "text/csv").build());
    assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.raw().body().lines()).hasSize(32).first().isEqualTo("day,seconds,hours,alerts");
    long sum = csv.raw().body().lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[1])).sum();
    assertThat(sum).isEqualTo(s.path("total_seconds").asLong());

    TestServer.Answer ranking = server.get("/api/v1/stats/ranking?level=raion&limit=3&format=csv&from=2023-01-01&to=2023-02-01");
    assertThat(ranking.raw().body().lines()).hasSize(4).first().isEqualTo("rank,zone,name_uk,name_en,level,seconds,share,alerts");
    assertThat(server.get("/api/v1/stats/ranking?level=hromada").json().path("zones").size()).isGreaterThan(1000);
  }

  @Test
  void badZoneRangeOrParameterIs400WithTheReason() throws Exception {
    assertProblem("/api/v1/stats/summary?zone=UA999", "unknown zone 'UA999'");
    assertProblem("/api/v1/stats/summary", "zone is required");
    assertProblem("/api/v1/stats/summary?zone=UA&from=2024-02-01&to=2024-01-01", "must be before");
    assertProblem("/api/v1/stats/summary?zone=UA&from=yesterday", "from must be a date");
    assertProblem("/api/v1/stats/series?zone=UA&by=fortnight", "by must be one of");
    assertProblem("/api/v1/stats/ranking?level=street", "level must be oblast, raion or hromada");
    assertProblem("/api/v1/stats/ranking?limit=0", "limit must be");
    assertProblem("/api/v1/stats/ranking?format=xml", "format must be json or csv");
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
    String drill = server.raise("{\"type\":\"air_raid\",\"status\":\"exercise\",\"zones\":[\"" + zone + "\"],\"message\":{\"uk\":\"н\",\"en\":\"e\"}}")
        .path("alert").path("id").asText();
    assertThat(summary(zone, "&from=" + from).path("alerts").asInt()).isEqualTo(before.path("alerts").asInt());
    String real = server.raise("{\"type\":\"drone\",\"zones\":[\"" + zone + "\"],\"message\":{\"uk\":\"н\",\"en\":\"e\"}}")
        .path("alert").path("id").asText();
    Thread.sleep(1100);
    JsonNode during = summary(zone, "&from=" + from);
    assertThat(during.path("alerts").asInt()).isEqualTo(before.path("alerts").asInt() + 1);
    assertThat(during.path("total_seconds").asLong()).isPositive();
    server.cancel(real);
    server.cancel(drill);
  }

  @Test
  void replayRaisesAndCancelsExerciseAlertsThroughTheApi() throws Exception {
    long expected = java.nio.file.Files.readAllLines(DATA.resolve("official_data_uk.csv")).stream().skip(1)
        .filter(l -> l.split(",")[4].compareTo("2022-03-15 16:00") >= 0 && l.split(",")[4].compareTo("2022-03-15 16:30") < 0)
        .filter(l -> !l.startsWith("Лубенський район")).count();
    CliTest.Run r = CliTest.run("history", "replay", "--data-dir", dir.toString(), "--server", server.base, "--key", server.adminKey,
        "--from", "2022-03-15T16:00:00Z", "--to", "2022-03-15T16:30:00Z", "--speed", "100000");
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
