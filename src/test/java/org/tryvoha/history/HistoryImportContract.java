package org.tryvoha.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Importing the public record (the test slice, {@link HistoryData}), written once and run on every
 * store: counts and stored alerts checked against the files as read independently, idempotence,
 * the permanent alerts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HistoryImportContract {
    static final ZoneTree TREE = ZoneTree.loadDefault(ShelterConfig.defaults());
    static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    AlertStore store;
    HistoryStore history;
    HistoryImporter importer;
    HistoryImporter.Report first;

    abstract AlertStore open();

    @BeforeAll
    void importOfficial() throws Exception {
        store = open();
        history = new HistoryStore(store.sql());
        importer = new HistoryImporter(history, TREE);
        first = importer.importPaths(List.of(HistoryData.file("official_data_en.csv")), false, NOW);
    }

    @AfterAll
    void close() {
        store.close();
        cleanUp();
    }

    /** After the store is closed (e.g. drop the test database). */
    void cleanUp() {}

    @Test
    void officialCountsMatchTheFile() {
        List<String[]> rows = HistoryData.rows("official_data_en.csv");
        List<HistoryData.Span> known = HistoryData.official("official_data_en.csv");
        Set<HistoryData.Span> distinct = new HashSet<>(known);
        long swapped = HistoryData.swapped("official_data_en.csv");
        assertThat(rows)
                .as("the test data has rows of every level")
                .extracting(r -> r[3])
                .contains("oblast", "raion", "hromada");
        assertThat(swapped)
                .as("the test data has the row with swapped oblast and raion")
                .isPositive();
        assertThat(known).as("every other row has a known region").hasSize((int) (rows.size() - swapped));
        assertThat(first.read()).isEqualTo(rows.size());
        assertThat(first.skipped()).isEqualTo(Map.of("oblast and raion columns swapped", swapped));
        assertThat(first.imported()).isEqualTo(distinct.size() + 2); // + Luhansk and Crimea
        assertThat(first.present()).isEqualTo(known.size() - distinct.size());
        Set<HistoryData.Span> stored = new HashSet<>();
        for (HistoryAlert a : history.all(null, null))
            if (!a.source().equals("volunteer"))
                stored.add(new HistoryData.Span(
                        a.zoneId(),
                        a.start().getEpochSecond(),
                        a.end() == null ? Long.MAX_VALUE : a.end().getEpochSecond()));
        Set<HistoryData.Span> expected = new HashSet<>(distinct);
        expected.addAll(HistoryData.permanent());
        assertThat(stored).as("the stored alerts are the file's, zone by zone").isEqualTo(expected);
        assertThat(history.all(null, null).stream().filter(a -> !a.source().equals("volunteer")))
                .hasSize(distinct.size() + 2);
        assertThat(history.generation()).isPositive();
    }

    @Test
    void theTwoPermanentAlertsAreStoredOpen() {
        List<HistoryAlert> open =
                history.all(null, null).stream().filter(a -> a.end() == null).toList();
        assertThat(open)
                .extracting(HistoryAlert::zoneId, HistoryAlert::source, HistoryAlert::start)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("UA44000000000018893", "permanent", Instant.parse("2022-04-04T16:45:00Z")),
                        Tuple.tuple("UA01000000000013043", "permanent", Instant.parse("2022-12-10T22:22:00Z")));
    }

    @Test
    void importingAgainChangesNothing() throws Exception {
        int before = history.all(null, null).size();
        long generation = history.generation();
        HistoryImporter.Report again =
                importer.importPaths(List.of(HistoryData.file("official_data_en.csv")), false, NOW.plusSeconds(60));
        assertThat(again.read()).isEqualTo(first.read());
        assertThat(again.imported()).isZero();
        assertThat(again.present()).isEqualTo(first.read() - first.skippedTotal() + 2);
        assertThat(history.all(null, null)).hasSize(before);
        assertThat(history.generation())
                .as("an import that adds nothing is no new generation")
                .isEqualTo(generation);
    }

    @Test
    void theUkrainianFileHoldsTheSameEventsAsTheEnglishOne() throws Exception {
        HistoryImporter.Report uk = importer.importPaths(List.of(HistoryData.file("official_data_uk.csv")), false, NOW);
        assertThat(uk.read()).isEqualTo(HistoryData.rows("official_data_uk.csv").size());
        assertThat(uk.imported()).isZero();
        assertThat(uk.skipped())
                .isEqualTo(Map.of("oblast and raion columns swapped", HistoryData.swapped("official_data_uk.csv")));
    }

    @Test
    @Order(1)
    void statisticsOverThisStoreMatchTheFile() {
        List<HistoryData.Span> record = new ArrayList<>(HistoryData.official("official_data_en.csv"));
        record.addAll(HistoryData.permanent());
        Statistics stats = new Statistics(TREE, history, Clock.fixed(NOW, ZoneOffset.UTC));
        StatisticsTest.check(
                stats, record, "UA63120270000028556", LocalDate.of(2022, 10, 1), LocalDate.of(2022, 11, 1));
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it adds the volunteer rows
    void volunteerRowsOnlyWithTheFlag(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(HistoryData.file("volunteer_data_en.csv"), dir.resolve("volunteer_data_en.csv"));
        Files.copy(HistoryData.crosswalk(), dir.resolve("region_names_katottg.csv")); // not an alert file: passed over
        assertThatThrownBy(() -> importer.importPaths(List.of(dir), false, NOW)).hasMessageContaining("--volunteer");
        HistoryImporter.Report v = importer.importPaths(List.of(dir), true, NOW);
        assertThat(v.files()).containsExactly(copy.toString());
        List<HistoryData.Span> spans = HistoryData.volunteer("volunteer_data_en.csv");
        assertThat(v.read()).isEqualTo(spans.size());
        assertThat(v.imported()).isEqualTo(new HashSet<>(spans).size());
        assertThat(v.skipped()).isEmpty();
        long naive = HistoryData.rows("volunteer_data_en.csv").stream()
                .filter(r -> r[3].equals("True"))
                .count();
        assertThat(history.all(null, null).stream().filter(HistoryAlert::naive).count())
                .isEqualTo(naive);
    }

    @Test
    void aFileThatIsNoAlertHistoryIsRefusedByName() {
        assertThatThrownBy(() -> importer.importPaths(List.of(HistoryData.crosswalk()), false, NOW))
                .hasMessageContaining("is not an alert-history CSV");
    }
}
