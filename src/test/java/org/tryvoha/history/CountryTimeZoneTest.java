package org.tryvoha.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.config.Config;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.CountrySettings;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** Statistics buckets follow the country's {@code time-zone}, whatever its offset. */
class CountryTimeZoneTest {
    @TempDir
    Path dir;

    AlertStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    static ZoneTree synthetic(String timeZone) throws Exception {
        CountrySettings country = CountrySettings.from(Config.Source.of(
                Map.of(),
                Map.of(
                        "TRYVOHA_TIME_ZONE",
                        timeZone,
                        "TRYVOHA_ZONE_LEVELS",
                        "bund=country,land=oblast,kreis=raion,gemeinde=hromada")));
        try (InputStream in = CountryTimeZoneTest.class.getResourceAsStream("/synthetic-country/zones.geojson")) {
            return ZoneTree.load(in, ShelterConfig.defaults(), country);
        }
    }

    Statistics stats(ZoneTree tree, HistoryAlert... alerts) {
        store = SqliteAlertStore.open(dir);
        HistoryStore h = new HistoryStore(store.sql());
        h.insert(List.of(alerts), Instant.parse("2026-06-01T00:00:00Z"));
        h.recordImport("test", alerts.length, Instant.parse("2026-06-01T00:00:00Z"));
        return new Statistics(tree, h, Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aHalfHourOffsetSplitsAtLocalHoursNotUtcHours() throws Exception {
        ZoneTree tree = synthetic("Asia/Kolkata"); // UTC+05:30
        // 00:00Z → 02:00Z is 05:30 → 07:30 local
        Statistics s = stats(
                tree,
                new HistoryAlert(
                        "official",
                        "XC-A1a",
                        Instant.parse("2026-01-10T00:00:00Z"),
                        Instant.parse("2026-01-10T02:00:00Z"),
                        false));
        Zone z = tree.get("XC-A1a").orElseThrow();
        Statistics.Range r = s.range(Instant.parse("2026-01-09T00:00:00Z"), Instant.parse("2026-01-12T00:00:00Z"));
        assertThat(s.timeZone().getId()).isEqualTo("Asia/Kolkata");
        assertThat(seconds(s.series(z, r, Series.By.HOUR)))
                .containsEntry("04", 0L)
                .containsEntry("05", 1_800L)
                .containsEntry("06", 3_600L)
                .containsEntry("07", 1_800L)
                .containsEntry("08", 0L);
    }

    @Test
    void anAlertAcrossChicagoMidnightSplitsThere() throws Exception {
        ZoneTree tree = synthetic("America/Chicago");
        // 9 Jan 23:30 CST → 10 Jan 01:00 CST
        Statistics s = stats(
                tree,
                new HistoryAlert(
                        "official",
                        "XC-B",
                        Instant.parse("2026-01-10T05:30:00Z"),
                        Instant.parse("2026-01-10T07:00:00Z"),
                        false));
        Zone gemeinde = tree.get("XC-B2a").orElseThrow(); // inside the land: under its alert
        Statistics.Range r = s.range(Instant.parse("2026-01-08T06:00:00Z"), Instant.parse("2026-01-12T06:00:00Z"));
        assertThat(seconds(s.series(gemeinde, r, Series.By.DAY)))
                .containsEntry("2026-01-09", 1_800L)
                .containsEntry("2026-01-10", 3_600L);
    }

    private static Map<String, Long> seconds(Series s) {
        Map<String, Long> out = new HashMap<>();
        for (Series.Bucket b : s.buckets()) out.put(b.key(), b.seconds());
        return out;
    }
}
