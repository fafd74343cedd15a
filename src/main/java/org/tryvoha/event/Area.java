package org.tryvoha.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads an operator's target area: a GeoJSON (RFC 7946) Polygon or MultiPolygon, or a Feature
 * holding one, in lon/lat order. Refuses anything it cannot trust with a message naming the place.
 */
public final class Area {
    /** The most vertices an area may have; a larger one is refused rather than slowing every lookup. */
    public static final int MAX_VERTICES = 20_000;

    private static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);

    private Area() {}

    /** Parses {@code node}; {@code path} names it in errors (e.g. "area"). */
    public static Geometry parse(JsonNode node, String path) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException(path + ": must be a GeoJSON object");
        String type = node.path("type").asText("");
        if (type.equals("Feature")) return parse(node.get("geometry"), path + ".geometry");
        JsonNode coords = node.get("coordinates");
        if (coords == null || !coords.isArray()) {
            throw new IllegalArgumentException(path + ".coordinates: missing or not an array");
        }
        int[] budget = {MAX_VERTICES};
        Geometry g = switch (type) {
            case "Polygon" -> polygon(coords, path + ".coordinates", budget);
            case "MultiPolygon" -> {
                List<Polygon> ps = new ArrayList<>();
                for (int i = 0; i < coords.size(); i++)
                    ps.add(polygon(coords.get(i), path + ".coordinates[" + i + "]", budget));
                if (ps.isEmpty())
                    throw new IllegalArgumentException(
                            path + ".coordinates: a MultiPolygon needs at least one polygon");
                yield GF.createMultiPolygon(ps.toArray(Polygon[]::new));
            }
            default ->
                throw new IllegalArgumentException(path + ".type: '" + type
                        + "' is not supported; use Polygon, MultiPolygon or a Feature holding one");
        };
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            throw new IllegalArgumentException(path + ": invalid polygon: " + err.getMessage() + " near "
                    + err.getCoordinate().x + "," + err.getCoordinate().y);
        }
        return g;
    }

    private static Polygon polygon(JsonNode rings, String path, int[] budget) {
        if (!rings.isArray() || rings.isEmpty())
            throw new IllegalArgumentException(path + ": a polygon needs at least one ring");
        LinearRing shell = ring(rings.get(0), path + "[0]", budget);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.get(i), path + "[" + i + "]", budget);
        return GF.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode pts, String path, int[] budget) {
        if (!pts.isArray() || pts.size() < 4) {
            throw new IllegalArgumentException(path + ": a ring needs at least 4 positions (the first repeated last)");
        }
        budget[0] -= pts.size();
        if (budget[0] < 0)
            throw new IllegalArgumentException(
                    path + ": the area has more than " + MAX_VERTICES + " vertices; simplify it");
        Coordinate[] cs = new Coordinate[pts.size()];
        for (int i = 0; i < cs.length; i++) {
            JsonNode p = pts.get(i);
            if (!p.isArray()
                    || p.size() < 2
                    || !p.get(0).isNumber()
                    || !p.get(1).isNumber()) {
                throw new IllegalArgumentException(path + "[" + i + "]: a position is [longitude, latitude]");
            }
            double lon = p.get(0).asDouble(), lat = p.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                throw new IllegalArgumentException(path + "[" + i + "]: [" + lon + ", " + lat
                        + "] is outside longitude -180..180, latitude -90..90");
            }
            cs[i] = new Coordinate(lon, lat);
        }
        if (!cs[0].equals2D(cs[cs.length - 1]))
            throw new IllegalArgumentException(
                    path + ": the ring is not closed (the last position must repeat the first)");
        return GF.createLinearRing(cs);
    }
}
