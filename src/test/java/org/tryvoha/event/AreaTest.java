package org.tryvoha.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.tryvoha.json.Json;

/** Reading an operator's area from GeoJSON bytes: what is accepted and where each refusal points. */
class AreaTest {
    static final String SQUARE = "[[36.20,49.98],[36.26,49.98],[36.26,50.01],[36.20,50.01],[36.20,49.98]]";

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s.getBytes(UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Geometry parse(String s) {
        return Area.parse(json(s), "area");
    }

    static void refused(String s, String messageStart) {
        assertThatThrownBy(() -> parse(s))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .startsWith(messageStart);
    }

    /** A closed ring of {@code n} positions (n - 1 distinct) on a circle around Kharkiv. */
    static String circle(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n - 1; i++) {
            double t = 2 * Math.PI * i / (n - 1);
            b.append(String.format(Locale.ROOT, "[%.9f,%.9f],", 36.23 + 0.05 * Math.cos(t), 50.0 + 0.05 * Math.sin(t)));
        }
        return b.append(String.format(Locale.ROOT, "[%.9f,%.9f]]", 36.28, 50.0)).toString();
    }

    @Test
    void aPolygonAMultiPolygonAndAFeatureAreRead() {
        Geometry p = parse("{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + "]}");
        assertThat(p).isInstanceOf(Polygon.class);
        assertThat(p.getEnvelopeInternal().getMinX()).isEqualTo(36.20); // longitude first
        assertThat(p.getEnvelopeInternal().getMinY()).isEqualTo(49.98);
        Geometry m = parse(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[" + SQUARE + "],[[[30,50],[31,50],[31,51],[30,50]]]]}");
        assertThat(m).isInstanceOf(MultiPolygon.class);
        assertThat(m.getNumGeometries()).isEqualTo(2);
        Geometry f = parse(
                "{\"type\":\"Feature\",\"properties\":{\"name\":\"центр\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
                        + SQUARE + "]}}");
        assertThat(f.equalsExact(p)).isTrue();
        Geometry holed = parse("{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE
                + ",[[36.22,49.99],[36.23,49.99],[36.23,50.0],[36.22,49.99]]]}");
        assertThat(((Polygon) holed).getNumInteriorRing()).isEqualTo(1);
    }

    @Test
    void aRingThatIsNotClosedIsRefusedWithItsPath() {
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.26,50.01],[36.2,50.0]]]}",
                "area.coordinates[0]: the ring is not closed");
    }

    @Test
    void aRingOfFewerThanFourPositionsIsRefused() {
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.2,49.98]]]}",
                "area.coordinates[0]: a ring needs at least 4 positions");
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + ",[[36.22,49.99],[36.23,49.99],[36.22,49.99]]]}",
                "area.coordinates[1]: a ring needs at least 4 positions");
        refused("{\"type\":\"Polygon\",\"coordinates\":[]}", "area.coordinates: a polygon needs at least one ring");
    }

    @Test
    void coordinatesOutOfRangeOrNotNumbersAreRefusedAtThePosition() {
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[181,49.98],[36.26,50.01],[36.2,49.98]]]}",
                "area.coordinates[0][1]: [181.0, 49.98] is outside");
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.26,-90.5],[36.2,49.98]]]}",
                "area.coordinates[0][2]: [36.26, -90.5] is outside");
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[\"36.26\",49.98],[36.26,50.01],[36.2,49.98]]]}",
                "area.coordinates[0][1]: a position is [longitude, latitude]");
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26],[36.26,50.01],[36.2,49.98]]]}",
                "area.coordinates[0][1]: a position is [longitude, latitude]");
    }

    @Test
    void aSelfIntersectingPolygonIsRefusedNamingWhere() {
        // a bow tie: the edges cross at (36.23, 49.995)
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.20,49.98],[36.26,50.01],[36.26,49.98],[36.20,50.01],[36.20,49.98]]]}",
                "area: invalid polygon: Self-intersection near 36.23");
        // a hole outside its shell
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + ",[[30,50],[31,50],[31,51],[30,50]]]}",
                "area: invalid polygon:");
    }

    @Test
    void moreThanMaxVerticesIsRefusedAndExactlyMaxIsAccepted() {
        assertThat(parse("{\"type\":\"Polygon\",\"coordinates\":[" + circle(Area.MAX_VERTICES) + "]}")
                        .getNumPoints())
                .isEqualTo(Area.MAX_VERTICES);
        refused(
                "{\"type\":\"Polygon\",\"coordinates\":[" + circle(Area.MAX_VERTICES + 1) + "]}",
                "area.coordinates[0]: the area has more than " + Area.MAX_VERTICES + " vertices");
        // the budget is for the whole area, not per ring: the second polygon crosses it
        int half = Area.MAX_VERTICES / 2;
        refused(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[" + circle(half) + "],["
                        + circle(half + 1).replace("36.", "30.") + "]]}",
                "area.coordinates[1][0]: the area has more than");
    }

    @Test
    void unsupportedOrMalformedGeoJsonIsRefused() {
        refused("{\"type\":\"Point\",\"coordinates\":[36.2,49.98]}", "area.type: 'Point' is not supported");
        refused(
                "{\"type\":\"LineString\",\"coordinates\":[[36.2,49.98],[36.3,49.9]]}",
                "area.type: 'LineString' is not supported");
        refused(
                "{\"type\":\"GeometryCollection\",\"coordinates\":[]}",
                "area.type: 'GeometryCollection' is not supported");
        refused("{\"type\":\"Polygon\"}", "area.coordinates: missing or not an array");
        refused(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[]}",
                "area.coordinates: a MultiPolygon needs at least one polygon");
        refused("[1,2]", "area: must be a GeoJSON object");
        refused("{\"type\":\"Feature\",\"properties\":{}}", "area.geometry: must be a GeoJSON object");
        refused(
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.26,50.01],[36.2,50.0]]]}}",
                "area.geometry.coordinates[0]: the ring is not closed");
        refused(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[" + SQUARE + "],[[[30,50],[31,50],[31,51],[30,51]]]]}",
                "area.coordinates[1][0]: the ring is not closed");
    }
}
