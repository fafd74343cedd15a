package org.tryvoha.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;

/**
 * Statistics over the public record (the test slice, {@link HistoryData}), checked against a
 * second-by-second computation straight from the CSV files (a bitmap of the seconds a zone is under
 * alert), for zones and months with overlapping oblast/raion/hromada and official/volunteer alerts,
 * alerts across midnight and both DST changes; the oblast ranking against the alert periods of
 * each oblast, merged from the rows.
 */
class StatisticsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;

    static AlertStore store;
    static Statistics stats;
    static List<HistoryData.Span> record = new ArrayList<>();

    @BeforeAll
    static void importRecord() throws Exception {
        store = SqliteAlertStore.open(dir);
        HistoryStore history = new HistoryStore(store.sql());
        new HistoryImporter(history, HistoryImportContract.TREE)
                .importPaths(
                        List.of(HistoryData.file("official_data_en.csv"), HistoryData.file("volunteer_data_en.csv")),
                        true,
                        CLOCK.instant());
        stats = new Statistics(HistoryImportContract.TREE, history, CLOCK);
        record.addAll(HistoryData.official("official_data_en.csv"));
        record.addAll(HistoryData.volunteer("volunteer_data_en.csv"));
        record.addAll(HistoryData.permanent());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void kharkivCityInOctober2022WhenSummerTimeEnded() {
        check(stats, record, "UA63120270000028556", LocalDate.of(2022, 10, 1), LocalDate.of(2022, 11, 1));
    }

    @Test
    void kyivCityInMarch2023WhenSummerTimeBegan() {
        check(stats, record, "UA80000000000093317", LocalDate.of(2023, 3, 1), LocalDate.of(2023, 4, 1));
    }

    @Test
    void aNikopolHromadaWithItsOwnRaionAndOblastAlerts() {
        String hromada = "UA12080150000061416"; // Chervonohryhorivska, Nikopolskyi raion, Dnipropetrovska oblast
        LocalDate from = LocalDate.of(2024, 1, 22);
        LocalDate to = LocalDate.of(2024, 2, 5);
        long f = day(from).getEpochSecond();
        long t = day(to).getEpochSecond();
        assertThat(record)
                .as("alerts on the hromada, its raion and its oblast in the range")
                .filteredOn(s -> s.end() > f && s.start() < t)
                .extracting(HistoryData.Span::zone)
                .contains(hromada, "UA12080000000023578", "UA12000000000090473");
        check(stats, record, hromada, from, to);
    }

    @Test
    void rankingMatchesTheTimeEachOblastWasUnderAlert() {
        LocalDate from = LocalDate.of(2023, 1, 9);
        LocalDate to = LocalDate.of(2023, 1, 16);
        Statistics.Range r = stats.range(day(from), day(to));
        List<Statistics.Rank> ranks = stats.ranking(ZoneLevel.OBLAST, r, 100);
        List<Zone> oblasts = HistoryImportContract.TREE.all().stream()
                .filter(z -> z.level() == ZoneLevel.OBLAST)
                .toList();
        assertThat(ranks).hasSize(oblasts.size()).hasSize(27);

        // straight from the rows: an oblast is under alert while an alert is on it (or on the whole country)
        long f = day(from).getEpochSecond();
        long t = day(to).getEpochSecond();
        List<Statistics.Rank> expected = new ArrayList<>();
        for (Zone z : oblasts) {
            List<long[]> spans = new ArrayList<>();
            for (HistoryData.Span s : record)
                if (z.id().equals(s.zone()) || "UA".equals(s.zone())) spans.add(new long[] {s.start(), s.end()});
            spans.sort((a, b) -> Long.compare(a[0], b[0]));
            List<long[]> periods = new ArrayList<>();
            for (long[] s : spans) {
                long[] last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
                if (last != null && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
                else periods.add(new long[] {s[0], s[1]});
            }
            long seconds = 0;
            int alerts = 0;
            for (long[] p : periods) {
                if (p[1] <= f || p[0] >= t) continue;
                alerts++;
                seconds += Math.min(p[1], t) - Math.max(p[0], f);
            }
            expected.add(new Statistics.Rank(
                    0, z.id(), z.nameUk(), z.nameEn(), "oblast", seconds, (double) seconds / (t - f), alerts));
        }
        expected.sort(
                Comparator.comparingLong(Statistics.Rank::seconds).reversed().thenComparing(Statistics.Rank::zone));
        assertThat(ranks)
                .extracting(
                        Statistics.Rank::zone,
                        Statistics.Rank::seconds,
                        Statistics.Rank::alerts,
                        Statistics.Rank::share)
                .containsExactlyElementsOf(expected.stream()
                        .map(k -> Tuple.tuple(k.zone(), k.seconds(), k.alerts(), k.share()))
                        .toList());
        assertThat(ranks)
                .extracting(Statistics.Rank::rank)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, ranks.size()).boxed().toList());
        assertThat(expected.get(5).seconds())
                .as("the week has alerts in at least six oblasts")
                .isPositive();

        // the permanent alerts, the whole week: Crimea and Luhansk (ties by id)
        assertThat(ranks.subList(0, 2))
                .extracting(Statistics.Rank::zone)
                .containsExactly("UA01000000000013043", "UA44000000000018893");
        assertThat(ranks.subList(0, 2)).extracting(Statistics.Rank::share).containsOnly(1.0);
        assertThat(ranks.get(2).share()).isLessThan(1.0);
        for (Statistics.Rank k : ranks.subList(0, 5)) {
            Zone z = HistoryImportContract.TREE.get(k.zone()).orElseThrow();
            assertThat(k.seconds()).isEqualTo(stats.summary(z, r).totalSeconds());
        }
    }

    @Test
    void theAlertsInForceAreExactlyThoseTheStatisticsCountUpToNow() {
        assertThat(stats.inForce())
                .extracting(HistoryAlert::zoneId, HistoryAlert::start)
                .contains(
                        Tuple.tuple("UA44000000000018893", Instant.parse("2022-04-04T16:45:00Z")),
                        Tuple.tuple("UA01000000000013043", Instant.parse("2022-12-10T22:22:00Z")));
        List<String> open = stats.inForce().stream().map(HistoryAlert::zoneId).toList();
        // every oblast-level zone the statistics see under alert at the clock's now is in the list, and no other
        Statistics.Range lastHour = stats.range(CLOCK.instant().minusSeconds(3600), null);
        for (Zone z : HistoryImportContract.TREE.all()) {
            if (z.level() != ZoneLevel.OBLAST) continue;
            Statistics.Summary m = stats.summary(z, lastHour);
            boolean underAlertNow = m.longest() != null && m.longest().end() == null;
            assertThat(underAlertNow).as("%s under alert now", z.id()).isEqualTo(open.contains(z.id()));
        }
    }

    @Test
    void aWrongRangeIsRefusedWithItsReason() {
        assertThatThrownBy(
                        () -> stats.range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2023-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> stats.range(Instant.parse("2030-01-01T00:00:00Z"), null))
                .hasMessageContaining("future");
    }

    @Test
    void aRangeStartsNoEarlierThanTheRecordAndASeriesHasAtMostTheSetNumberOfBuckets() {
        Statistics.Range all = stats.range(Instant.parse("0001-01-01T00:00:00Z"), null);
        assertThat(all.from())
                .as("the record starts with the full-scale invasion, before the first imported row")
                .isEqualTo(Statistics.DEFAULT_FROM);
        Zone kyiv = HistoryImportContract.TREE.get("UA80000000000093317").orElseThrow();
        long days = java.time.temporal.ChronoUnit.DAYS.between(
                        LocalDate.of(2022, 2, 24),
                        CLOCK.instant().atZone(Statistics.KYIV).toLocalDate())
                + 1;
        Series byDay = stats.series(kyiv, all, Series.By.DAY);
        assertThat(byDay.buckets()).hasSize((int) days);
        assertThat(byDay.buckets().getFirst().key()).isEqualTo("2022-02-24");
        assertThat(stats.summary(kyiv, all).from()).isEqualTo(Statistics.DEFAULT_FROM);

        Statistics small = new Statistics(HistoryImportContract.TREE, new HistoryStore(store.sql()), CLOCK, 31);
        Statistics.Range twoMonths = small.range(day(LocalDate.of(2023, 1, 1)), day(LocalDate.of(2023, 3, 1)));
        assertThatThrownBy(() -> small.series(kyiv, twoMonths, Series.By.DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("59 day buckets")
                .hasMessageContaining("stats-max-buckets");
        assertThat(small.series(kyiv, twoMonths, Series.By.WEEK).buckets()).hasSize(10);
        assertThat(small.series(kyiv, twoMonths, Series.By.MONTH).buckets()).hasSize(2);
        Statistics.Range january = small.range(day(LocalDate.of(2023, 1, 1)), day(LocalDate.of(2023, 2, 1)));
        assertThat(small.series(kyiv, january, Series.By.DAY).buckets()).hasSize(31);
        assertThatThrownBy(() -> stats.range(null, Instant.parse("2000-01-01T00:00:00Z")))
                .hasMessageContaining("before the record starts");
    }

    @Test
    void coverageToIsTheEndOfTheImportedRecordAndCountryIsNoRankingLevel() {
        long last = record.stream()
                .filter(s -> !HistoryData.permanent().contains(s))
                .mapToLong(HistoryData.Span::end)
                .max()
                .orElseThrow();
        assertThat(stats.coverageTo()).isEqualTo(Instant.ofEpochSecond(last));
        Zone kyiv = HistoryImportContract.TREE.get("UA80000000000093317").orElseThrow();
        assertThat(stats.summary(kyiv, stats.range(null, null)).coverageTo()).isEqualTo(Instant.ofEpochSecond(last));
        assertThatThrownBy(() -> stats.ranking(ZoneLevel.COUNTRY, stats.range(null, null), 10))
                .hasMessageContaining("level must be oblast, raion or hromada");
    }

    static Instant day(LocalDate d) {
        return d.atStartOfDay(Statistics.KYIV).toInstant();
    }

    /** Compares summary and day/hour/weekday series with the bitmap computation. */
    static void check(
            Statistics stats, List<HistoryData.Span> record, String zoneId, LocalDate fromDay, LocalDate toDay) {
        Zone zone = HistoryImportContract.TREE.get(zoneId).orElseThrow();
        List<String> chain =
                HistoryImportContract.TREE.chain(zone).stream().map(Zone::id).toList();
        long f = day(fromDay).getEpochSecond();
        long t = day(toDay).getEpochSecond();
        long w0 = f - 7 * 86_400;
        long w1 = t + 7 * 86_400;
        boolean[] on = new boolean[(int) (w1 - w0)];
        int overlaps = 0;
        for (HistoryData.Span s : record) {
            if (!chain.contains(s.zone()) || s.end() <= w0 || s.start() >= w1) continue;
            for (long x = Math.max(s.start(), w0); x < Math.min(s.end(), w1); x++) {
                if (on[(int) (x - w0)] && x >= f && x < t) overlaps++;
                on[(int) (x - w0)] = true;
            }
        }
        assertThat(overlaps)
                .as("the period should have overlapping alerts to be a real test")
                .isPositive();
        // runs of seconds under alert = periods
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < on.length; i++) {
            if (on[i] && (i == 0 || !on[i - 1])) runs.add(new long[] {w0 + i, 0});
            if (on[i] && (i == on.length - 1 || !on[i + 1])) runs.get(runs.size() - 1)[1] = w0 + i + 1;
        }
        List<long[]> inRange = runs.stream().filter(r -> r[1] > f && r[0] < t).toList();
        assertThat(inRange)
                .as("no period of the range reaches the edge of the window")
                .noneMatch(r -> r[0] == w0 || r[1] == w1);
        List<Long> lengths = inRange.stream().map(r -> r[1] - r[0]).sorted().toList();
        long total = 0;
        for (long x = f; x < t; x++) if (on[(int) (x - w0)]) total++;
        int m = lengths.size() / 2;
        long median = lengths.size() % 2 == 1 ? lengths.get(m) : (lengths.get(m - 1) + lengths.get(m)) / 2;

        Statistics.Summary s = stats.summary(zone, stats.range(day(fromDay), day(toDay)));
        assertThat(s.alerts()).isEqualTo(lengths.size());
        assertThat(s.totalSeconds()).isEqualTo(total);
        assertThat(s.medianSeconds()).isEqualTo(median);
        assertThat(s.longest().seconds()).isEqualTo(lengths.get(lengths.size() - 1));
        assertThat(s.share()).isEqualTo((double) total / (t - f));

        // by local day: [midnight, next midnight) in Kyiv, 23 or 25 hours on DST days
        Map<String, Long> days = new LinkedHashMap<>();
        for (LocalDate d = fromDay; d.isBefore(toDay); d = d.plusDays(1)) {
            long sum = 0;
            for (long x = day(d).getEpochSecond(); x < day(d.plusDays(1)).getEpochSecond(); x++)
                if (on[(int) (x - w0)]) sum++;
            days.put(d.toString(), sum);
        }
        assertThat(buckets(stats.series(zone, stats.range(day(fromDay), day(toDay)), Series.By.DAY)))
                .isEqualTo(days);

        // by local hour of day and weekday, second by second
        Map<String, Long> hours = new TreeMap<>();
        Map<String, Long> weekdays = new TreeMap<>();
        for (int h = 0; h < 24; h++) hours.put(String.format("%02d", h), 0L);
        for (int d = 1; d <= 7; d++) weekdays.put(Integer.toString(d), 0L);
        for (long x = f; x < t; x++) {
            if (!on[(int) (x - w0)]) continue;
            var local = Instant.ofEpochSecond(x).atZone(Statistics.KYIV);
            hours.merge(String.format("%02d", local.getHour()), 1L, Long::sum);
            weekdays.merge(Integer.toString(local.getDayOfWeek().getValue()), 1L, Long::sum);
        }
        assertThat(buckets(stats.series(zone, stats.range(day(fromDay), day(toDay)), Series.By.HOUR)))
                .isEqualTo(hours);
        assertThat(buckets(stats.series(zone, stats.range(day(fromDay), day(toDay)), Series.By.WEEKDAY)))
                .isEqualTo(weekdays);
    }

    static Map<String, Long> buckets(Series s) {
        return s.buckets().stream()
                .collect(Collectors.toMap(Series.Bucket::key, Series.Bucket::seconds, (a, b) -> a, LinkedHashMap::new));
    }
}
