package org.tryvoha.zone;

import java.util.BitSet;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * A uniform grid of cells over an extent that answers a point lookup without any polygon test for
 * every cell no polygon boundary comes near: there the answer is the same for every point of the
 * cell, computed once at build time from the cell's centre. Cells crossed by a boundary (and points
 * off the grid) answer {@link #EXACT}: ask the exact lookup.
 *
 * <p>The answer is a code from the caller's {@link Region} function: {@link #EXACT}, or any other
 * value below 65,536 that the caller decodes. Built once, then read-only and thread-safe.
 */
final class ZoneGrid {
    /** The code for "this point needs the exact lookup". */
    static final int EXACT = 0;
    /** Cells at most this many; a larger extent gets larger cells. */
    static final int MAX_CELLS = 4 << 20;
    /**
     * How near a boundary may come, in degrees, before its cell is left to the exact lookup: far
     * larger than the rounding of the point-to-cell arithmetic (~1e-14°), so a point that rounds into
     * a neighbouring cell is still on the boundary-free side.
     */
    private static final double MARGIN = 1e-9;

    /**
     * The answer at a point no polygon boundary comes near: it must be the same for every point that
     * can be reached from there without crossing a boundary.
     */
    interface Region {
        int codeAt(double x, double y);
    }

    private final double minX;
    private final double minY;
    private final double cellSize;
    private final double perDegree;
    private final int cols;
    private final int rows;
    private final char[] cells;

    /**
     * @param extent the area to cover (lon/lat); points outside get {@link #EXACT}
     * @param cellSize the wanted cell size in degrees, enlarged if the grid would exceed {@link #MAX_CELLS}
     * @param polygons every polygon whose boundary changes the answer
     * @param region the answer for a point away from every boundary; only asked for such points
     */
    ZoneGrid(Envelope extent, double cellSize, List<Geometry> polygons, Region region) {
        double min = Math.sqrt(extent.getArea() / MAX_CELLS);
        this.cellSize = Math.max(cellSize, min * 1.0001);
        this.perDegree = 1 / this.cellSize;
        this.minX = extent.getMinX();
        this.minY = extent.getMinY();
        this.cols = Math.max(1, (int) Math.ceil(extent.getWidth() * perDegree));
        this.rows = Math.max(1, (int) Math.ceil(extent.getHeight() * perDegree));
        this.cells = new char[cols * rows];
        BitSet crossed = new BitSet(cols * rows);
        for (Geometry g : polygons) markBoundaries(g, crossed);
        fill(crossed, region);
    }

    /** The code for the point: the cell's answer, or {@link #EXACT}. */
    int codeAt(double x, double y) {
        double fx = (x - minX) * perDegree, fy = (y - minY) * perDegree;
        // written so that NaN and points off the grid fall through to EXACT
        if (!(fx >= 0 && fx < cols && fy >= 0 && fy < rows)) return EXACT;
        return cells[(int) fy * cols + (int) fx];
    }

    double minX() {
        return minX;
    }

    double minY() {
        return minY;
    }

    int cols() {
        return cols;
    }

    int rows() {
        return rows;
    }

    double cellSize() {
        return cellSize;
    }

    /** Cells answered without the exact lookup. */
    int directCells() {
        int n = 0;
        for (char c : cells) if (c != EXACT) n++;
        return n;
    }

    /** Heap bytes of the cell array. */
    long bytes() {
        return 16 + 2L * cells.length;
    }

    private void markBoundaries(Geometry g, BitSet crossed) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (!(part instanceof Polygon p)) continue;
            markRing(p.getExteriorRing(), crossed);
            for (int h = 0; h < p.getNumInteriorRing(); h++) markRing(p.getInteriorRingN(h), crossed);
        }
    }

    private void markRing(LineString ring, BitSet crossed) {
        CoordinateSequence s = ring.getCoordinateSequence();
        for (int i = 1; i < s.size(); i++) markSegment(s.getX(i - 1), s.getY(i - 1), s.getX(i), s.getY(i), crossed);
    }

    /** Marks every cell that comes within {@link #MARGIN} of the segment, row by row. */
    private void markSegment(double x0, double y0, double x1, double y1, BitSet crossed) {
        double loY = Math.min(y0, y1), hiY = Math.max(y0, y1), dx = x1 - x0, dy = y1 - y0;
        int r0 = clampRow((int) Math.floor((loY - MARGIN - minY) * perDegree));
        int r1 = clampRow((int) Math.floor((hiY + MARGIN - minY) * perDegree));
        for (int r = r0; r <= r1; r++) {
            double bandLo = Math.max(loY, minY + r * cellSize - MARGIN);
            double bandHi = Math.min(hiY, minY + (r + 1) * cellSize + MARGIN);
            double xa = x0, xb = x1;
            if (dy != 0) { // the part of the segment inside this row's band
                double ta = Math.clamp((bandLo - y0) / dy, 0, 1), tb = Math.clamp((bandHi - y0) / dy, 0, 1);
                xa = x0 + ta * dx;
                xb = x0 + tb * dx;
            }
            int c0 = clampCol((int) Math.floor((Math.min(xa, xb) - MARGIN - minX) * perDegree));
            int c1 = clampCol((int) Math.floor((Math.max(xa, xb) + MARGIN - minX) * perDegree));
            crossed.set(r * cols + c0, r * cols + c1 + 1);
        }
    }

    private int clampRow(int r) {
        return Math.clamp(r, 0, rows - 1);
    }

    private int clampCol(int c) {
        return Math.clamp(c, 0, cols - 1);
    }

    /**
     * Gives every uncrossed cell its region's code. Two uncrossed cells side by side share an edge no
     * boundary comes near, so they are in the same region: a run of them in a row takes the code of
     * an uncrossed cell above it, and only a run with none is asked (at its first cell's centre).
     */
    private void fill(BitSet crossed, Region region) {
        for (int r = 0; r < rows; r++) {
            int c = crossed.nextClearBit(r * cols) - r * cols;
            while (c < cols) {
                int next = crossed.nextSetBit(r * cols + c);
                int end = next < 0 ? cols : Math.min(next - r * cols, cols);
                int code = -1;
                for (int k = c; k < end && r > 0 && code < 0; k++) {
                    if (!crossed.get((r - 1) * cols + k)) code = cells[(r - 1) * cols + k];
                }
                if (code < 0) code = region.codeAt(minX + (c + 0.5) * cellSize, minY + (r + 0.5) * cellSize);
                if (code < 0 || code > Character.MAX_VALUE) throw new IllegalArgumentException("code " + code);
                for (int k = c; k < end; k++) cells[r * cols + k] = (char) code;
                c = end >= cols ? cols : crossed.nextClearBit(r * cols + end) - r * cols;
            }
        }
    }
}
