package org.tryvoha.track;

import java.util.List;
import java.util.Locale;

/**
 * A synthetic geography of small square cells (as countries that warn ~1,000–1,700 small areas have),
 * as a zones GeoJSON: a country, one region per block, and the block's cells as its leaves.
 */
final class FineGrid {
    private FineGrid() {}

    /** A block of {@code n × n} cells of {@code cellMetres}, centred on {@code (lat, lon)}. */
    record Block(String id, double lat, double lon, int n, double cellMetres) {}

    static String geoJson(List<Block> blocks) {
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        feature(sb, "GRID", "country", null, box(blocks));
        for (Block b : blocks) {
            LocalProjection p = LocalProjection.around(b.lat(), b.lon());
            double half = b.n() * b.cellMetres() / 2;
            feature(sb, b.id(), "oblast", "GRID", ring(p, -half, -half, half, half));
            for (int i = 0; i < b.n(); i++) {
                for (int j = 0; j < b.n(); j++) {
                    double x0 = -half + i * b.cellMetres(), y0 = -half + j * b.cellMetres();
                    feature(
                            sb,
                            b.id() + "-" + i + "-" + j,
                            "hromada",
                            b.id(),
                            ring(p, x0, y0, x0 + b.cellMetres(), y0 + b.cellMetres()));
                }
            }
        }
        sb.setLength(sb.length() - 2);
        return sb.append("\n]}\n").toString();
    }

    private static void feature(StringBuilder sb, String id, String level, String parent, String ring) {
        sb.append("{\"type\":\"Feature\",\"properties\":{\"id\":\"")
                .append(id)
                .append("\",\"level\":\"")
                .append(level)
                .append('"');
        if (parent != null) sb.append(",\"parent\":\"").append(parent).append('"');
        sb.append(",\"name_uk\":\"")
                .append(id)
                .append("\",\"name_en\":\"")
                .append(id)
                .append("\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[")
                .append(ring)
                .append("]}},\n");
    }

    private static String ring(LocalProjection p, double x0, double y0, double x1, double y1) {
        double[][] c = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
        StringBuilder sb = new StringBuilder("[");
        for (double[] xy : c) {
            var ll = p.toLonLat(xy[0], xy[1]);
            sb.append(String.format(Locale.ROOT, "[%.7f,%.7f],", ll.x, ll.y));
        }
        sb.setLength(sb.length() - 1);
        return sb.append(']').toString();
    }

    /** A box around every block (the country's outline). */
    private static String box(List<Block> blocks) {
        double minLon = 180, minLat = 90, maxLon = -180, maxLat = -90;
        for (Block b : blocks) {
            LocalProjection p = LocalProjection.around(b.lat(), b.lon());
            double half = b.n() * b.cellMetres() / 2 + 1000;
            var lo = p.toLonLat(-half, -half);
            var hi = p.toLonLat(half, half);
            minLon = Math.min(minLon, lo.x);
            minLat = Math.min(minLat, lo.y);
            maxLon = Math.max(maxLon, hi.x);
            maxLat = Math.max(maxLat, hi.y);
        }
        return String.format(
                Locale.ROOT,
                "[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]",
                minLon,
                minLat,
                maxLon,
                minLat,
                maxLon,
                maxLat,
                minLon,
                maxLat,
                minLon,
                minLat);
    }
}
