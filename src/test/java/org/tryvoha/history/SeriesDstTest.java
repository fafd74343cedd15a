package org.tryvoha.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.Zone;

/** Hand-computed: an alert across midnight into the spring DST change, overlapped by a nationwide alert. */
class SeriesDstTest {
    @TempDir
    Path dir;

    @Test
    void overlapCountsOnceAndHoursFollowKyivLocalTime() {
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            HistoryStore h = new HistoryStore(store.sql());
            // Kyiv: 25 Mar 23:30 (UTC+2) → 26 Mar 04:30 (UTC+3, after 03:00 became 04:00): 4 real hours
            HistoryAlert kyiv = new HistoryAlert(
                    "official",
                    "UA80000000000093317",
                    Instant.parse("2023-03-25T21:30:00Z"),
                    Instant.parse("2023-03-26T01:30:00Z"),
                    false);
            // the whole country: 26 Mar 02:00 → 05:00 local (00:00Z → 02:00Z), overlapping the Kyiv alert
            HistoryAlert country = new HistoryAlert(
                    "official",
                    "UA",
                    Instant.parse("2023-03-26T00:00:00Z"),
                    Instant.parse("2023-03-26T02:00:00Z"),
                    false);
            h.insert(List.of(kyiv, country), Instant.parse("2026-01-01T00:00:00Z"));
            h.recordImport("test", 2, Instant.parse("2026-01-01T00:00:00Z"));
            Statistics stats = new Statistics(
                    HistoryImportContract.TREE, h, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
            Zone city = HistoryImportContract.TREE.get("UA80000000000093317").orElseThrow();
            Statistics.Range march =
                    stats.range(Instant.parse("2023-03-20T00:00:00Z"), Instant.parse("2023-03-31T00:00:00Z"));

            Statistics.Summary s = stats.summary(city, march);
            assertThat(s.alerts()).isEqualTo(1);
            assertThat(s.totalSeconds()).isEqualTo(16_200); // 21:30Z → 02:00Z, not 4 h + 2 h
            assertThat(s.medianSeconds()).isEqualTo(16_200);
            assertThat(s.longest().start()).isEqualTo(Instant.parse("2023-03-25T21:30:00Z"));

            Map<String, Long> days = seconds(stats.series(city, march, Series.By.DAY));
            assertThat(days).containsEntry("2023-03-25", 1_800L).containsEntry("2023-03-26", 14_400L);
            assertThat(days.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(16_200);

            Map<String, Long> hours = seconds(stats.series(city, march, Series.By.HOUR));
            assertThat(hours)
                    .containsEntry("23", 1_800L)
                    .containsEntry("00", 3_600L)
                    .containsEntry("01", 3_600L)
                    .containsEntry("02", 3_600L)
                    .containsEntry("03", 0L)
                    .containsEntry("04", 3_600L)
                    .containsEntry("05", 0L);
            assertThat(seconds(stats.series(city, march, Series.By.WEEKDAY)))
                    .containsEntry("6", 1_800L)
                    .containsEntry("7", 14_400L);
            assertThat(stats.series(city, march, Series.By.DAY).buckets())
                    .filteredOn(b -> b.key().equals("2023-03-25"))
                    .extracting(Series.Bucket::alerts)
                    .containsExactly(1);

            // Lviv had only the country alert
            Zone lviv = HistoryImportContract.TREE.get("UA46000000000026241").orElseThrow();
            assertThat(stats.summary(lviv, march).totalSeconds()).isEqualTo(7_200);
        }
    }

    private static Map<String, Long> seconds(Series s) {
        return s.buckets().stream().collect(Collectors.toMap(Series.Bucket::key, Series.Bucket::seconds));
    }
}
