package org.tryvoha.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The leaf zones' outlines as flat lon/lat arrays, with a uniform grid over their envelopes, so a
 * threat area can test them without building any JTS geometry. Every ring of every polygon part
 * (holes too) is kept, closed (last point = first); the even-odd rule over all of a leaf's rings
 * tells inside from outside. The same leaves as {@link ZoneTree#leavesIntersecting}: every leaf
 * with a non-empty geometry. Built once per tree, then read-only and thread-safe.
 */
final class LeafOutlines {
    private static final double CELL_DEG = 0.25;

    final Zone[] zones;
    /** Leaf {@code i} has the rings {@code leafRing[i] .. leafRing[i + 1] - 1}. */
    final int[] leafRing;
    /** Ring {@code j} has the points {@code ringPoint[j] .. ringPoint[j + 1] - 1}. */
    final int[] ringPoint;

    final double[] lon, lat;
    /** Per leaf: min lon, min lat, max lon, max lat at {@code 4 i .. 4 i + 3}. */
    final double[] bounds;

    private final double lon0, lat0;
    private final int cols, rows;
    private final int[][] cells; // leaf indices per grid cell, row-major

    LeafOutlines(ZoneTree tree) {
        List<Zone> leaves = new ArrayList<>();
        for (Zone z : tree.all()) {
            if (z.isLeaf()
                    && z != tree.root()
                    && z.geometry() != null
                    && !z.geometry().isEmpty()) leaves.add(z);
        }
        zones = leaves.toArray(Zone[]::new);
        List<Coordinate[]> rings = new ArrayList<>();
        leafRing = new int[zones.length + 1];
        bounds = new double[4 * zones.length];
        Envelope all = new Envelope();
        for (int i = 0; i < zones.length; i++) {
            leafRing[i] = rings.size();
            Geometry g = zones[i].geometry();
            for (int p = 0; p < g.getNumGeometries(); p++) {
                if (!(g.getGeometryN(p) instanceof Polygon poly) || poly.isEmpty()) continue;
                rings.add(closed(poly.getExteriorRing()));
                for (int h = 0; h < poly.getNumInteriorRing(); h++) rings.add(closed(poly.getInteriorRingN(h)));
            }
            Envelope e = g.getEnvelopeInternal();
            bounds[4 * i] = e.getMinX();
            bounds[4 * i + 1] = e.getMinY();
            bounds[4 * i + 2] = e.getMaxX();
            bounds[4 * i + 3] = e.getMaxY();
            all.expandToInclude(e);
        }
        leafRing[zones.length] = rings.size();
        ringPoint = new int[rings.size() + 1];
        int points = rings.stream().mapToInt(r -> r.length).sum();
        lon = new double[points];
        lat = new double[points];
        int n = 0;
        for (int j = 0; j < rings.size(); j++) {
            ringPoint[j] = n;
            for (Coordinate c : rings.get(j)) {
                lon[n] = c.x;
                lat[n++] = c.y;
            }
        }
        ringPoint[rings.size()] = n;
        lon0 = all.isNull() ? 0 : all.getMinX();
        lat0 = all.isNull() ? 0 : all.getMinY();
        cols = all.isNull() ? 1 : Math.max(1, (int) Math.ceil(all.getWidth() / CELL_DEG) + 1);
        rows = all.isNull() ? 1 : Math.max(1, (int) Math.ceil(all.getHeight() / CELL_DEG) + 1);
        cells = grid();
    }

    private static Coordinate[] closed(LinearRing ring) {
        Coordinate[] c = ring.getCoordinates();
        if (c.length > 0 && !c[0].equals2D(c[c.length - 1])) {
            c = Arrays.copyOf(c, c.length + 1);
            c[c.length - 1] = c[0];
        }
        return c;
    }

    private int[][] grid() {
        int[] count = new int[cols * rows];
        for (int pass = 0; pass < 2; pass++) {
            int[][] out = pass == 1 ? new int[cols * rows][] : null;
            if (out != null) for (int c = 0; c < out.length; c++) out[c] = new int[count[c]];
            int[] fill = new int[cols * rows];
            for (int i = 0; i < zones.length; i++) {
                for (int y = row(bounds[4 * i + 1]); y <= row(bounds[4 * i + 3]); y++) {
                    for (int x = col(bounds[4 * i]); x <= col(bounds[4 * i + 2]); x++) {
                        if (out == null) count[y * cols + x]++;
                        else out[y * cols + x][fill[y * cols + x]++] = i;
                    }
                }
            }
            if (out != null) return out;
        }
        throw new AssertionError();
    }

    private int col(double lonDeg) {
        return Math.clamp((long) Math.floor((lonDeg - lon0) / CELL_DEG), 0, cols - 1);
    }

    private int row(double latDeg) {
        return Math.clamp((long) Math.floor((latDeg - lat0) / CELL_DEG), 0, rows - 1);
    }

    /**
     * The leaves whose envelope meets the given lon/lat box, in ascending index (tree) order.
     *
     * @param seen scratch of at least {@link #zones}{@code .length} ints, all below {@code stamp}
     *     when first used; a caller passes a new stamp on each call
     * @param out receives the indices; returns how many
     */
    int candidates(double minLon, double minLat, double maxLon, double maxLat, int[] seen, int stamp, int[] out) {
        int n = 0;
        for (int y = row(minLat); y <= row(maxLat); y++) {
            for (int x = col(minLon); x <= col(maxLon); x++) {
                for (int i : cells[y * cols + x]) {
                    if (seen[i] == stamp) continue;
                    seen[i] = stamp;
                    if (bounds[4 * i] <= maxLon
                            && bounds[4 * i + 2] >= minLon
                            && bounds[4 * i + 1] <= maxLat
                            && bounds[4 * i + 3] >= minLat) {
                        out[n++] = i;
                    }
                }
            }
        }
        Arrays.sort(out, 0, n);
        return n;
    }
}
