package org.tryvoha.zone;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams a GeoJSON (RFC 7946) FeatureCollection of polygonal features: coordinates rounded to a
 * fixed number of decimals and written without exponent, repeated points dropped, rings that
 * collapse below four points dropped. Not thread-safe; one writer per output.
 */
public final class GeoJsonWriter implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final JsonGenerator gen;
    private final long scale;

    public GeoJsonWriter(OutputStream out, int decimals) throws IOException {
        this.scale = (long) Math.pow(10, decimals);
        this.gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        gen.writeStartObject();
        gen.writeStringField("type", "FeatureCollection");
        gen.writeArrayFieldStart("features");
    }

    /** Writes one feature; property values are strings, numbers, booleans or null (left out). */
    public void feature(Map<String, ?> properties, Geometry geometry) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "Feature");
        gen.writeObjectFieldStart("properties");
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            Object v = e.getValue();
            if (v == null) continue;
            gen.writeFieldName(e.getKey());
            if (v instanceof Number n) gen.writeNumber(n.longValue());
            else if (v instanceof Boolean b) gen.writeBoolean(b);
            else gen.writeString(v.toString());
        }
        gen.writeEndObject();
        gen.writeFieldName("geometry");
        writeGeometry(geometry);
        gen.writeEndObject();
    }

    private void writeGeometry(Geometry g) throws IOException {
        gen.writeStartObject();
        if (g instanceof Point p) {
            gen.writeStringField("type", "Point");
            gen.writeFieldName("coordinates");
            position(p.getCoordinate());
        } else {
            List<Polygon> polygons = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++)
                if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) polygons.add(p);
            gen.writeStringField("type", polygons.size() == 1 ? "Polygon" : "MultiPolygon");
            gen.writeArrayFieldStart("coordinates");
            if (polygons.size() == 1) rings(polygons.get(0));
            else
                for (Polygon p : polygons) {
                    gen.writeStartArray();
                    rings(p);
                    gen.writeEndArray();
                }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    private void rings(Polygon p) throws IOException {
        ring(p.getExteriorRing());
        for (int i = 0; i < p.getNumInteriorRing(); i++) ring(p.getInteriorRingN(i));
    }

    private void ring(LineString ring) throws IOException {
        Coordinate[] cs = ring.getCoordinates();
        List<long[]> kept = new ArrayList<>(cs.length);
        for (Coordinate c : cs) {
            long[] q = {Math.round(c.x * scale), Math.round(c.y * scale)};
            long[] last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last == null || last[0] != q[0] || last[1] != q[1]) kept.add(q);
        }
        if (kept.size() < 4) return;
        gen.writeStartArray();
        for (long[] q : kept) {
            gen.writeStartArray();
            gen.writeNumber(fixed(q[0]));
            gen.writeNumber(fixed(q[1]));
            gen.writeEndArray();
        }
        gen.writeEndArray();
    }

    private void position(Coordinate c) throws IOException {
        gen.writeStartArray();
        gen.writeNumber(fixed(Math.round(c.x * scale)));
        gen.writeNumber(fixed(Math.round(c.y * scale)));
        gen.writeEndArray();
    }

    /** 3612345 at 5 decimals → "36.12345"; trailing zeros dropped. */
    private String fixed(long units) {
        StringBuilder s = new StringBuilder();
        if (units < 0) s.append('-');
        long abs = Math.abs(units);
        s.append(abs / scale);
        long frac = abs % scale;
        if (frac != 0) {
            String f = Long.toString(frac + scale).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            s.append('.').append(f, 0, end);
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        gen.writeEndArray();
        gen.writeEndObject();
        gen.close();
    }
}
