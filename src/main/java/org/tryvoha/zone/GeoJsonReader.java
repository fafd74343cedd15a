package org.tryvoha.zone;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams the features of a GeoJSON FeatureCollection whose geometries are Polygon or
 * MultiPolygon (the only kinds a zone can have). Property values are kept as strings or numbers;
 * nested property objects are skipped. A geometry that cannot be built (another kind, a ring of
 * fewer than 4 positions or not closed) leaves the feature without geometry and says why in {@link
 * Feature#problem()}, so the caller can name the feature; a file that is no GeoJSON is an
 * IOException. Not thread-safe.
 */
public final class GeoJsonReader {
    /** One feature; {@code problem} says why its geometry could not be built (then it is null). */
    public record Feature(Map<String, Object> properties, Geometry geometry, String problem) {
        public Feature(Map<String, Object> properties, Geometry geometry) {
            this(properties, geometry, null);
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private final GeometryFactory gf;

    public GeoJsonReader(GeometryFactory gf) {
        this.gf = gf;
    }

    public List<Feature> read(InputStream in) throws IOException {
        List<Feature> features = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("features")) {
                    expect(p.currentToken(), JsonToken.START_ARRAY, p);
                    while (p.nextToken() == JsonToken.START_OBJECT) features.add(feature(p));
                } else p.skipChildren();
            }
        }
        return features;
    }

    private Feature feature(JsonParser p) throws IOException {
        Map<String, Object> props = new HashMap<>();
        Geometry geometry = null;
        String problem = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("properties") && t == JsonToken.START_OBJECT) properties(p, props);
            else if (field.equals("geometry") && t == JsonToken.START_OBJECT) {
                Raw raw = raw(p); // the whole object is read before it is built: a bad one spoils only itself
                try {
                    geometry = build(raw);
                } catch (IOException e) {
                    problem = e.getMessage();
                }
            } else p.skipChildren();
        }
        return new Feature(props, geometry, problem);
    }

    private record Raw(String type, Object coords) {}

    private static void properties(JsonParser p, Map<String, Object> props) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) props.put(key, p.getText());
            else if (t.isNumeric()) props.put(key, p.getNumberValue());
            else p.skipChildren();
        }
    }

    private static Raw raw(JsonParser p) throws IOException {
        String type = null;
        Object coords = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("type")) type = p.getText();
            else if (field.equals("coordinates") && t == JsonToken.START_ARRAY) coords = array(p);
            else p.skipChildren();
        }
        return new Raw(type, coords);
    }

    private Geometry build(Raw raw) throws IOException {
        String type = raw.type();
        Object coords = raw.coords();
        if (type == null || coords == null) throw new IOException("geometry without type or coordinates");
        return switch (type) {
            case "Polygon" -> polygon(coords);
            case "MultiPolygon" -> {
                if (!(coords instanceof List<?> parts)) throw new IOException("malformed multipolygon coordinates");
                Polygon[] polygons = new Polygon[parts.size()];
                for (int i = 0; i < polygons.length; i++) polygons[i] = polygon(parts.get(i));
                yield gf.createMultiPolygon(polygons);
            }
            default -> throw new IOException("zone geometry must be Polygon or MultiPolygon, not " + type);
        };
    }

    private Polygon polygon(Object rings) throws IOException {
        if (!(rings instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Coordinate[]))
            throw new IOException("malformed polygon coordinates");
        LinearRing shell = ring(list.get(0));
        LinearRing[] holes = new LinearRing[list.size() - 1];
        for (int i = 1; i < list.size(); i++) holes[i - 1] = ring(list.get(i));
        return gf.createPolygon(shell, holes);
    }

    private LinearRing ring(Object coords) throws IOException {
        if (!(coords instanceof Coordinate[] cs) || cs.length < 4)
            throw new IOException("a polygon ring needs at least 4 positions (the last one repeating the first)");
        try {
            return gf.createLinearRing(cs);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad polygon ring (the last position must repeat the first): " + e.getMessage(), e);
        }
    }

    /**
     * Reads a nested array at the current START_ARRAY: a position becomes a double[], an array of
     * positions a Coordinate[], anything deeper a List.
     */
    private static Object array(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null && t.isNumeric()) {
            double x = p.getDoubleValue();
            expectNumber(p.nextToken(), p);
            double y = p.getDoubleValue();
            while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // altitude, if any
            return new double[] {x, y};
        }
        List<Object> items = new ArrayList<>();
        boolean positions = true;
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_ARRAY, p);
            Object item = array(p);
            positions &= item instanceof double[];
            items.add(item);
        }
        if (!positions || items.isEmpty()) return items;
        Coordinate[] cs = new Coordinate[items.size()];
        for (int i = 0; i < cs.length; i++) {
            double[] xy = (double[]) items.get(i);
            cs[i] = new Coordinate(xy[0], xy[1]);
        }
        return cs;
    }

    private static void expect(JsonToken actual, JsonToken wanted, JsonParser p) throws IOException {
        if (actual != wanted)
            throw new IOException(
                    "GeoJSON: expected " + wanted + " but found " + actual + " at " + p.currentLocation());
    }

    private static void expectNumber(JsonToken actual, JsonParser p) throws IOException {
        if (actual == null || !actual.isNumeric())
            throw new IOException("GeoJSON: a position needs two numbers at " + p.currentLocation());
    }
}
