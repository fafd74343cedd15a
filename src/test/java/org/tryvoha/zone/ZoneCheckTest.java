package org.tryvoha.zone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Zones files with the faults found on another country's warning areas, built by hand: self-crossing
 * polygons (bow-ties) are repaired when the repair keeps the area their rings enclose, and every
 * other fault is refused with the feature's id and the reason, all of them at once.
 */
class ZoneCheckTest {
    static final String SQUARELAND = ZoneTreeLoadTest.SQUARELAND;
    /** West as a bow-tie: its ring crosses itself at (11, 51), two triangles of area 1. */
    static final String BOW_TIE = "[[[10,50],[12,52],[12,50],[10,52],[10,50]]]";

    static String westAs(String coordinates) {
        return SQUARELAND.replace("[[[10,50],[12,50],[12,52],[10,52],[10,50]]]", coordinates);
    }

    static ZoneCheck.Report check(String json) throws IOException {
        return ZoneTree.check(new ByteArrayInputStream(json.getBytes(UTF_8)));
    }

    @Test
    void aBowTieUnderAZoneWithoutGeometryLoadsRepairedInsteadOfStoppingTheStart() throws IOException {
        // the country without its own polygon gets the union of its children: that union is where
        // a self-crossing ring stopped the start ("side location conflict"), naming no zone
        String json = westAs(BOW_TIE)
                .replace(
                        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[10,50],[14,50],[14,52],[10,52],[10,50]]]}",
                        "\"geometry\":null");
        assertThat(json).contains(BOW_TIE).doesNotContain("[[[10,50],[14,50]");
        ZoneCheck.Report report = check(json);
        assertThat(report.refused()).isFalse();
        assertThat(report.repairs())
                .singleElement()
                .satisfies(f -> assertThat(f.toString())
                        .startsWith("zone SQ-W: repaired: ")
                        .contains("self-intersection at (11.0 51.0)")
                        .contains("2 part(s)"));

        ZoneTree tree = ZoneTreeLoadTest.load(json, ShelterConfig.defaults());
        Zone west = tree.get("SQ-W").orElseThrow();
        assertThat(west.geometry().isValid()).isTrue();
        assertThat(west.geometry().getArea()).isEqualTo(2.0);
        assertThat(tree.root().geometry().getArea()).isEqualTo(6.0);
        assertThat(ZoneTreeLoadTest.ids(tree.zonesAt(51, 10.5))).containsExactly("SQ-W", "SQ");
        assertThat(ZoneTreeLoadTest.ids(tree.zonesAt(51, 11.6))).containsExactly("SQ-W", "SQ");
        assertThat(tree.zonesAt(50.3, 11)).as("between the two triangles").isEmpty();
    }

    @Test
    void aHoleOutsideItsPolygonIsRefusedAsNoRepairKeepsTheArea() throws IOException {
        ZoneCheck.Report report = check(
                westAs("[[[10,50],[11,50],[11,52],[10,52],[10,50]],[[11.5,50.5],[11.8,50.5],[11.8,51],[11.5,50.5]]]"));
        assertThat(report.refusals())
                .singleElement()
                .satisfies(f -> assertThat(f.toString())
                        .startsWith("zone SQ-W: refused: ")
                        .contains("no repair keeps the area"));
    }

    @Test
    void everyOtherFaultIsRefusedWithTheFeatureAndTheReasonAllAtOnce() {
        String json = SQUARELAND
                .replace("\"id\":\"SQ-W\"", "\"id\":\"\"")
                .replace("\"id\":\"SQ-E-S\"", "\"id\":\"SQ-E-S\",\"shelter_seconds\":-15")
                .replace(
                        "[[[12,51],[14,51],[14,52],[12,52],[12,51]]]", "[[[12,51],[14,51],[140,520],[12,52],[12,51]]]");
        assertThatThrownBy(() -> ZoneTreeLoadTest.load(json, ShelterConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 refused feature(s)")
                .hasMessageContaining("tryvoha zones check FILE")
                .hasMessageContaining("feature #2 (no id): refused: the id is empty")
                .hasMessageContaining(
                        "zone SQ-E-S: refused: shelter_seconds must be a whole number of seconds from 1 to"
                                + " 3600; got '-15'")
                .hasMessageContaining("zone SQ-E-N: refused: position [140.0, 520.0] is out of range");
    }

    @Test
    void malformedRingsDuplicateIdsAndBrokenLinksAreNamed() throws IOException {
        String unclosed = westAs("[[[10,50],[12,50],[12,52],[10,52],[10,50.5]]]")
                .replace("\"id\":\"SQ-E-N\"", "\"id\":\"SQ-E-S\"")
                .replace("\"parent\":\"SQ\",\"name_uk\":\"Східна\"", "\"parent\":\"SQ-X\",\"name_uk\":\"Східна\"");
        List<String> found = check(unclosed).refusals().stream()
                .map(ZoneCheck.Finding::toString)
                .toList();
        assertThat(found)
                .anySatisfy(f -> assertThat(f).startsWith("zone SQ-W: refused: bad polygon ring"))
                .anySatisfy(f ->
                        assertThat(f).startsWith("zone SQ-E-S: refused: the id is given twice (features #4 and #5)"))
                .anySatisfy(f ->
                        assertThat(f).startsWith("zone SQ-E: refused: unknown parent SQ-X: no feature has that id"))
                .noneSatisfy(f -> assertThat(f).startsWith("zone SQ-E-S: refused: unknown parent"));
        assertThat(check(SQUARELAND.replace("\"level\":\"country\",", "")).refusals())
                .extracting(ZoneCheck.Finding::toString)
                .containsExactly("zone SQ: refused: level must be country, oblast, raion or hromada; got nothing");
        assertThat(check(SQUARELAND.replace(
                                "\"Polygon\",\"coordinates\":[[[12,50]", "\"LineString\",\"coordinates\":[[[12,50]"))
                        .refusals())
                .extracting(ZoneCheck.Finding::toString)
                .containsExactly("zone SQ-E-S: refused: zone geometry must be Polygon or MultiPolygon, not LineString");
    }

    @Test
    void timeToShelterCanComeFromTheZonesFileAndAConfigLineForTheZoneStillWins() throws IOException {
        String json = SQUARELAND
                .replace("\"id\":\"SQ-E-S\"", "\"id\":\"SQ-E-S\",\"shelter_seconds\":15")
                .replace("\"id\":\"SQ-E-N\"", "\"id\":\"SQ-E-N\",\"shelter_seconds\":\"45\"");
        ZoneTree tree = ZoneTreeLoadTest.load(json, new ShelterConfig(90, Map.of("SQ-E-N", 30), Map.of("SQ-E", 60)));
        assertThat(tree.get("SQ-E-S").orElseThrow().shelterSeconds())
                .as("the file beats a subtree line")
                .isEqualTo(15);
        assertThat(tree.get("SQ-E-N").orElseThrow().shelterSeconds())
                .as("a zone line beats the file")
                .isEqualTo(30);
        assertThat(tree.get("SQ-E").orElseThrow().shelterSeconds()).isEqualTo(60);
        assertThat(tree.get("SQ-W").orElseThrow().shelterSeconds()).isEqualTo(90);
        assertThatThrownBy(() -> new ShelterConfig(90, Map.of("SQ-W", -5), Map.of()))
                .hasMessageContaining("shelter-seconds.zone.SQ-W must be 1..3600 seconds; got -5");
    }

    @Test
    void theBundledSetPassesTheFullCheckSoItsStartMaySkipThePolygonCheck() throws IOException {
        try (var in = ZoneTree.class.getResourceAsStream(ZoneTree.DEFAULT_RESOURCE)) {
            ZoneCheck.Report report = ZoneTree.check(in);
            assertThat(report.findings()).isEmpty();
            assertThat(report.read()).isEqualTo(1633);
        }
    }
}
