package org.tryvoha.zone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** Loading a hand-made country: Squareland, 4×2 degrees, two regions, one split into two towns. */
class ZoneTreeLoadTest {
    static final String SQUARELAND = """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"id":"SQ","level":"country","name_uk":"Квадратія","name_en":"Squareland"},
        "geometry":{"type":"Polygon","coordinates":[[[10,50],[14,50],[14,52],[10,52],[10,50]]]}},
       {"type":"Feature","properties":{"id":"SQ-W","level":"oblast","parent":"SQ","name_uk":"Західна","name_en":"West"},
        "geometry":{"type":"Polygon","coordinates":[[[10,50],[12,50],[12,52],[10,52],[10,50]]]}},
       {"type":"Feature","properties":{"id":"SQ-E","level":"oblast","parent":"SQ","name_uk":"Східна","name_en":"East"},
        "geometry":{"type":"MultiPolygon","coordinates":[[[[12,50],[14,50],[14,52],[12,52],[12,50]]]]}},
       {"type":"Feature","properties":{"id":"SQ-E-S","level":"hromada","parent":"SQ-E","name_uk":"Південне","name_en":"South Town"},
        "geometry":{"type":"Polygon","coordinates":[[[12,50],[14,50],[14,51],[12,51],[12,50]]]}},
       {"type":"Feature","properties":{"id":"SQ-E-N","level":"hromada","parent":"SQ-E","name_uk":"Північне","name_en":"North Town"},
        "geometry":{"type":"Polygon","coordinates":[[[12,51],[14,51],[14,52],[12,52],[12,51]]]}}
      ]}
      """;

    static ZoneTree load(String json, ShelterConfig shelter) throws IOException {
        return ZoneTree.load(new ByteArrayInputStream(json.getBytes(UTF_8)), shelter);
    }

    static List<String> ids(List<Zone> zones) {
        return zones.stream().map(Zone::id).toList();
    }

    @Test
    void loadsAnotherCountryFromPlainGeoJson() throws IOException {
        ZoneTree tree = load(SQUARELAND, ShelterConfig.defaults());
        assertThat(tree.size()).isEqualTo(5);
        assertThat(tree.root().nameEn()).isEqualTo("Squareland");
        assertThat(ids(tree.zonesAt(51.5, 13))).containsExactly("SQ-E-N", "SQ-E", "SQ");
        assertThat(ids(tree.zonesAt(50.5, 13))).containsExactly("SQ-E-S", "SQ-E", "SQ");
        assertThat(ids(tree.zonesAt(51, 11))).containsExactly("SQ-W", "SQ");
        assertThat(tree.zonesAt(49, 11)).isEmpty();
        assertThat(ids(tree.descendants(tree.get("SQ-E").orElseThrow()))).containsExactlyInAnyOrder("SQ-E-S", "SQ-E-N");
        var area = new GeometryFactory().toGeometry(new Envelope(11.5, 12.5, 50.2, 50.4));
        assertThat(ids(tree.leavesIntersecting(area))).containsExactlyInAnyOrder("SQ-W", "SQ-E-S");
        assertThat(ids(tree.search("town", 5))).hasSize(2);
        assertThat(ids(tree.search("схід", 5))).containsExactly("SQ-E");
    }

    @Test
    void aPointInAGapBetweenLeavesGetsTheNearestLeafOfTheDeepestZoneHoldingIt() throws IOException {
        // North Town now stops at 51.8: the strip 51.8–52 is in East but in no leaf
        ZoneTree tree = load(
                SQUARELAND.replace(
                        "[[[12,51],[14,51],[14,52],[12,52],[12,51]]]",
                        "[[[12,51],[14,51],[14,51.8],[12,51.8],[12,51]]]"),
                ShelterConfig.defaults());
        assertThat(ids(tree.zonesAt(51.9, 13))).containsExactly("SQ-E-N", "SQ-E", "SQ");
        assertThat(ids(tree.zonesAt(51.5, 13))).containsExactly("SQ-E-N", "SQ-E", "SQ");
        assertThat(tree.zonesAt(52.1, 13)).isEmpty();
    }

    @Test
    void loadsGzipToo() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(SQUARELAND.getBytes(UTF_8));
        }
        ZoneTree tree = ZoneTree.load(new ByteArrayInputStream(bytes.toByteArray()), ShelterConfig.defaults());
        assertThat(tree.size()).isEqualTo(5);
    }

    @Test
    void innerZoneWithoutPolygonGetsItsChildrensUnion() throws IOException {
        String json = SQUARELAND.replaceFirst(
                "\"geometry\":\\{\"type\":\"MultiPolygon\",\"coordinates\":\\[\\[\\[\\[12,50\\],\\[14,50\\],\\[14,52\\],\\[12,52\\],\\[12,50\\]\\]\\]\\]\\}",
                "\"geometry\":null");
        assertThat(json).isNotEqualTo(SQUARELAND);
        Zone east = load(json, ShelterConfig.defaults()).get("SQ-E").orElseThrow();
        assertThat(east.geometry().getArea()).isEqualTo(4.0);
    }

    @Test
    void shelterPerZoneBeatsPerSubtreeAndTheDeepestSubtreeWins() throws IOException {
        var shelter = new ShelterConfig(90, Map.of("SQ-E-N", 15, "SQ-W", 45), Map.of("SQ", 60, "SQ-E", 30, "SQ-W", 20));
        ZoneTree tree = load(SQUARELAND, shelter);
        assertThat(seconds(tree, "SQ")).isEqualTo(60);
        assertThat(seconds(tree, "SQ-W")).isEqualTo(45); // perZone beats perSubtree
        assertThat(seconds(tree, "SQ-E")).isEqualTo(30);
        assertThat(seconds(tree, "SQ-E-S")).isEqualTo(30); // deepest subtree
        assertThat(seconds(tree, "SQ-E-N")).isEqualTo(15);
        ZoneTree plain = load(SQUARELAND, ShelterConfig.defaults());
        assertThat(plain.all()).allMatch(z -> z.shelterSeconds() == ShelterConfig.DEFAULT_SECONDS);
        String geojson = new String(tree.geoJson(ZoneLevel.HROMADA, false), UTF_8);
        assertThat(geojson).contains("\"shelter_seconds\":15").contains("\"shelter_seconds\":30");
    }

    private static int seconds(ZoneTree tree, String id) {
        return tree.get(id).orElseThrow().shelterSeconds();
    }

    @Test
    void rejectsBrokenTrees() {
        assertThatThrownBy(() -> load(
                        SQUARELAND.replace("\"parent\":\"SQ-E\"", "\"parent\":\"NOPE\""), ShelterConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown parent NOPE");
        assertThatThrownBy(() -> load(SQUARELAND.replace(",\"parent\":\"SQ\"", ""), ShelterConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("two roots");
        assertThatThrownBy(() -> load(
                        SQUARELAND.replace("\"level\":\"oblast\"", "\"level\":\"canton\""), ShelterConfig.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("canton");
        assertThatThrownBy(() -> load("{\"type\":\"FeatureCollection\",\"features\":[]}", ShelterConfig.defaults()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> load("[1,2", ShelterConfig.defaults())).isInstanceOf(IOException.class);
    }
}
