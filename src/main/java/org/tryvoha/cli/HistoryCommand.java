package org.tryvoha.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.config.Config;
import org.tryvoha.history.HistoryAlert;
import org.tryvoha.history.HistoryImporter;
import org.tryvoha.history.HistoryStore;
import org.tryvoha.history.Replay;
import org.tryvoha.history.StatsBench;
import org.tryvoha.server.App;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history import} (on the store directly, like {@code keys}) and {@code history replay} (through the API). */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Import the public alert record since 2022; re-play a past period as a drill.")
final class HistoryCommand extends Printing {
    @Mixin
    StoreOptions storeOptions;

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Import alert-history CSVs (official_data_*.csv; volunteer_data_*.csv with --volunteer) "
                            + "into the store. Idempotent. Default input: the 'history' folder of the data directory (./data/history).")
    int importHistory(
            @Option(
                            names = "--volunteer",
                            description = "Also import the volunteer dataset (oblast level, since 2022-02-25)")
                    boolean volunteer,
            @Parameters(paramLabel = "DIR|FILE", arity = "0..*", description = "Files, or folders holding them")
                    List<Path> paths)
            throws Exception {
        Config c = storeOptions.config();
        List<Path> in = paths == null || paths.isEmpty() ? List.of(c.dataDir().resolve("history")) : paths;
        if ((paths == null || paths.isEmpty()) && !Files.isDirectory(in.get(0))) {
            throw new IllegalArgumentException(
                    "no files given, and the default folder " + in.get(0) + " does not exist: put official_data_*.csv "
                            + "(and volunteer_data_*.csv) there, or name them: tryvoha history import [--volunteer] DIR|FILE…");
        }
        try (AlertStore store = storeOptions.open()) {
            long t0 = System.nanoTime();
            HistoryImporter.Report r = new HistoryImporter(new HistoryStore(store.sql()), App.loadZones(c))
                    .importPaths(in, volunteer, Instant.now());
            for (String f : r.files()) err().println("read " + f);
            for (String f : r.ignored()) err().println("not imported: " + f);
            out().printf(
                            "rows read: %d%nimported: %d (including the %d permanent alerts, when new)%nalready present: %d%nskipped: %d%n",
                            r.read(), r.imported(), HistoryImporter.PERMANENT.size(), r.present(), r.skippedTotal());
            r.skipped().forEach((why, n) -> out().printf("  %s: %d%n", why, n));
            err().printf(
                            "done in %d ms; running servers pick the new history up within seconds%n",
                            (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
    }

    @Mixin
    ApiClient api;

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description =
                    "Re-play the imported alerts that began in [--from, --to) into the live stream as exercise "
                            + "alerts (status exercise: never a real siren), through the API with an operator key; time runs --speed times faster.")
    int replay(
            @Option(names = "--from", required = true, description = "ISO-8601 UTC, e.g. 2022-10-10T04:00:00Z")
                    Instant from,
            @Option(names = "--to", required = true, description = "ISO-8601 UTC") Instant to,
            @Option(
                            names = "--speed",
                            defaultValue = "60",
                            description = "Time compression (default 60: an hour in a minute)")
                    double speed)
            throws Exception {
        if (!from.isBefore(to)) throw new IllegalArgumentException("--from must be before --to");
        api.key(); // fail before reading anything when there is no key
        List<HistoryAlert> records;
        try (AlertStore store = storeOptions.open()) {
            records = new HistoryStore(store.sql()).all(from, to);
        }
        if (records.isEmpty())
            throw new IllegalArgumentException(
                    "no imported alert began in that period (import first: tryvoha history import)");
        err().printf("replaying %d alerts of %s … %s at %s× speed%n", records.size(), from, to, speed);
        Replay.Result r = Replay.run(records, from, to, speed, new Replay.Sink() {
            @Override
            public String raise(HistoryAlert a) throws Exception {
                String id = api.send("POST", "/api/v1/alerts", body(a))
                        .path("alert")
                        .path("id")
                        .asText();
                out().println("raised " + id + " " + a.zoneId() + " (" + a.start() + ")");
                out().flush();
                return id;
            }

            @Override
            public void cancel(String alertId) throws Exception {
                api.send("POST", "/api/v1/alerts/" + alertId + "/cancel", null);
                out().println("cancelled " + alertId);
                out().flush();
            }
        });
        err().printf("replayed: %d raised, %d cancelled%n", r.raised(), r.cancelled());
        return 0;
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description = "Time the statistics queries over the whole imported record (index build, "
                    + "every zone's summary and series, the ranking per level) on the store, in this process.")
    int bench(
            @Option(
                            names = "--rounds",
                            defaultValue = "3",
                            description = "How many times to run every query (default 3)")
                    int rounds)
            throws Exception {
        Config c = storeOptions.config();
        try (AlertStore store = storeOptions.open()) {
            StatsBench.run(App.loadZones(c), new HistoryStore(store.sql()), rounds, out());
            return 0;
        }
    }

    private static Map<String, Object> body(HistoryAlert a) {
        String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC)
                .format(a.start());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "air_raid");
        b.put("status", "exercise");
        b.put("zones", List.of(a.zoneId()));
        b.put(
                "message",
                Map.of(
                        "uk",
                        "НАВЧАННЯ: відтворення тривоги від " + when + " (" + a.source() + ")",
                        "en",
                        "EXERCISE: replay of the alert of " + when + " (" + a.source() + ")"));
        return b;
    }
}
