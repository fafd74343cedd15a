package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Point and area lookups over a zone tree: one STRtree over the polygon parts of the leaves, one
 * over those of the inner zones below the root. Leaves answer first (the smallest, if polygons
 * overlap); inner polygons only cover the gaps between leaf polygons (the levels come from
 * different sources and do not align exactly), and a point found only there gets the nearest
 * leaf below the deepest inner zone holding it, so every answer is a consistent leaf → root
 * chain. In front of that exact lookup, a {@link ZoneGrid} answers points in cells that no
 * polygon boundary crosses (most points on land, and the sea and neighbours around) with the
 * same answer, without a polygon test. Built once, then read-only and thread-safe (each point
 * locator builds its own index on first use, under a lock).
 */
final class ZoneIndex {
    /** One polygon part; code is the leaf's grid code (unused for inner zones). */
    private record Entry(
            Zone zone, IndexedPointInAreaLocator locator, PreparedGeometry prepared, double area, int code) {}

    /** Grid cells of ~0.7–1.1 km here: a hromada is ~20 cells across, and the grid ~3 MB. */
    static final double CELL_DEGREES = 0.01;
    /** Grid codes besides {@link ZoneGrid#EXACT}: no zone below the root; the first leaf. */
    private static final int NONE = 1, FIRST_LEAF = 2;

    private final STRtree leaves = new STRtree();
    private final STRtree inner = new STRtree();
    private final GeometryFactory gf;
    private final List<Zone> leafOfCode = new ArrayList<>(); // index + FIRST_LEAF = code
    private final ZoneGrid grid;

    ZoneIndex(Collection<Zone> zones, Zone root, GeometryFactory gf) {
        this(zones, root, gf, CELL_DEGREES);
    }

    /** With grid cells of the given size in degrees (enlarged if the grid would be too large). */
    ZoneIndex(Collection<Zone> zones, Zone root, GeometryFactory gf, double cellDegrees) {
        this.gf = gf;
        Envelope extent = new Envelope();
        List<Geometry> polygons = new ArrayList<>();
        for (Zone z : zones) {
            Geometry g = z.geometry();
            if (g == null || g.isEmpty()) continue;
            if (z == root) continue;
            int code = FIRST_LEAF + leafOfCode.size();
            if (z.isLeaf()) leafOfCode.add(z);
            // one entry per polygon part: a tight envelope each, so fewer candidates per point
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Geometry part = g.getGeometryN(i);
                Entry e = new Entry(
                        z,
                        new IndexedPointInAreaLocator(part),
                        PreparedGeometryFactory.prepare(part),
                        g.getArea(),
                        code);
                (z.isLeaf() ? leaves : inner).insert(part.getEnvelopeInternal(), e);
            }
            extent.expandToInclude(g.getEnvelopeInternal());
            polygons.add(g);
        }
        leaves.build();
        inner.build();
        grid = extent.isNull() || FIRST_LEAF + leafOfCode.size() > Character.MAX_VALUE + 1
                ? null
                : new ZoneGrid(extent, cellDegrees, polygons, this::regionCode);
    }

    /** The leaf holding the point, or null when no zone below the root holds it. */
    Zone leafAt(double lat, double lon) {
        int code = grid == null ? ZoneGrid.EXACT : grid.codeAt(lon, lat);
        if (code == ZoneGrid.EXACT) return exactLeafAt(lat, lon);
        return code == NONE ? null : leafOfCode.get(code - FIRST_LEAF);
    }

    /**
     * The grid's answer at a point no boundary comes near: the leaf holding it, none, or EXACT
     * when only inner zones hold it (the nearest leaf then depends on the point itself).
     */
    private int regionCode(double x, double y) {
        // the same choice as leafEntryAt, but with the plain point-in-polygon test: the answer is the
        // same away from boundaries, and the point locators' own indexes stay unbuilt until a lookup
        // needs them (as before the grid), which keeps ~20 MB off the heap at start
        Coordinate c = new Coordinate(x, y);
        Entry[] best = new Entry[1];
        leaves.query(new Envelope(c), item -> {
            Entry e = (Entry) item;
            if ((best[0] == null || e.area < best[0].area) && plainLocate(e, c) != Location.EXTERIOR) best[0] = e;
        });
        if (best[0] != null) return best[0].code;
        boolean[] held = new boolean[1];
        inner.query(new Envelope(c), item -> held[0] |= plainLocate((Entry) item, c) != Location.EXTERIOR);
        return held[0] ? ZoneGrid.EXACT : NONE;
    }

    private static int plainLocate(Entry e, Coordinate c) {
        return SimplePointInAreaLocator.locate(c, e.prepared.getGeometry());
    }

    /** The grid, for tests and measurements; null when there is none. */
    ZoneGrid grid() {
        return grid;
    }

    /** The lookup without the grid: what {@link #leafAt} answers for every point. */
    Zone exactLeafAt(double lat, double lon) {
        Coordinate c = new Coordinate(lon, lat);
        Entry leaf = leafEntryAt(c);
        if (leaf != null) return leaf.zone;
        Entry in = deepestInnerAt(c);
        return in == null ? null : nearestLeafBelow(in.zone, c);
    }

    /** The smallest leaf polygon holding the point (the first in tree order among equals), or null. */
    private Entry leafEntryAt(Coordinate c) {
        Entry[] best = new Entry[1];
        leaves.query(new Envelope(c), item -> {
            Entry e = (Entry) item;
            if ((best[0] == null || e.area < best[0].area) && e.locator.locate(c) != Location.EXTERIOR) best[0] = e;
        });
        return best[0];
    }

    private Entry deepestInnerAt(Coordinate c) {
        Entry[] best = new Entry[1];
        inner.query(new Envelope(c), item -> {
            Entry e = (Entry) item;
            if ((best[0] == null || e.zone.depth() > best[0].zone.depth()) && e.locator.locate(c) != Location.EXTERIOR)
                best[0] = e;
        });
        return best[0];
    }

    private Zone nearestLeafBelow(Zone zone, Coordinate c) {
        Geometry point = gf.createPoint(c);
        Zone nearest = null;
        double min = Double.POSITIVE_INFINITY;
        List<Zone> stack = new ArrayList<>(zone.children());
        while (!stack.isEmpty()) {
            Zone z = stack.remove(stack.size() - 1);
            if (!z.isLeaf()) {
                stack.addAll(z.children());
                continue;
            }
            if (z.geometry() == null) continue;
            double d = z.geometry().getEnvelopeInternal().distance(point.getEnvelopeInternal());
            if (d >= min) continue;
            d = z.geometry().distance(point);
            if (d < min) {
                min = d;
                nearest = z;
            }
        }
        return nearest == null ? zone : nearest;
    }

    /** Every leaf whose polygon intersects the area (touching counts). */
    List<Zone> leavesIntersecting(Geometry area) {
        Set<Zone> out = new LinkedHashSet<>();
        leaves.query(area.getEnvelopeInternal(), item -> {
            Entry e = (Entry) item;
            if (!out.contains(e.zone) && e.prepared.intersects(area)) out.add(e.zone);
        });
        return new ArrayList<>(out);
    }
}
