package org.tryvoha.zone;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Measures the point lookup's grid: the bundled tree's load time (cold, first in the JVM), the
 * index build with and without the grid, the grid's bytes and the tree's retained heap, and per
 * call latency and thread CPU time of the grid lookup against the exact one (the algorithm before
 * the grid) on the same points, interleaved. Not run by the test suite; the command is in
 * BENCHMARKS.md.
 */
public final class ZoneGridBench {
    public static void main(String[] args) {
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        System.out.printf("load the bundled tree, cold: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        long heap1 = usedHeap();
        ZoneIndex index = tree.index();
        ZoneGrid grid = index.grid();
        System.out.printf(
                "tree retained heap %.1f MB, of which grid %.2f MB (%d x %d cells of %.3f°, %.1f%% answered by the grid)%n",
                (heap1 - heap0) / 1e6,
                grid.bytes() / 1e6,
                grid.cols(),
                grid.rows(),
                grid.cellSize(),
                100.0 * grid.directCells() / ((long) grid.cols() * grid.rows()));
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 4326);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long a = threads.getCurrentThreadCpuTime();
            new ZoneIndex(tree.all(), tree.root(), gf, 1000); // one cell: the index alone
            long b = threads.getCurrentThreadCpuTime();
            new ZoneIndex(tree.all(), tree.root(), gf);
            long c = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    "index build, thread CPU: without grid %d ms, with grid %d ms%n",
                    (b - a) / 1_000_000, (c - b) / 1_000_000);
        }
        double[][] land = new double[4096][], anywhere = new double[4096][];
        Random r = new Random(42); // the same land points as ZoneLookupBench
        for (int i = 0, k = 0; i < land.length || k < anywhere.length; ) {
            double lat = 44.4 + r.nextDouble() * 8.0, lon = 22.1 + r.nextDouble() * 18.1;
            if (k < anywhere.length) anywhere[k++] = new double[] {lat, lon};
            if (i < land.length && index.exactLeafAt(lat, lon) != null) land[i++] = new double[] {lat, lon};
        }
        int direct = 0;
        for (double[] p : land) if (grid.codeAt(p[1], p[0]) != ZoneGrid.EXACT) direct++;
        System.out.printf("land points answered by the grid: %d of %d%n", direct, land.length);
        for (int round = 0; round < 6; round++) {
            boolean report = round >= 3; // the first rounds warm the JIT up
            measure("land, exact", land, index, false, report);
            measure("land, grid ", land, index, true, report);
            measure("anywhere, exact", anywhere, index, false, report);
            measure("anywhere, grid ", anywhere, index, true, report);
        }
    }

    private static void measure(String name, double[][] points, ZoneIndex index, boolean grid, boolean report) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int passes = 25;
        long[] nanos = new long[passes * points.length];
        int n = 0, hits = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int pass = 0; pass < passes; pass++) {
            for (double[] p : points) {
                long a = System.nanoTime();
                Zone z = grid ? index.leafAt(p[0], p[1]) : index.exactLeafAt(p[0], p[1]);
                nanos[n++] = System.nanoTime() - a;
                if (z != null) hits++;
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        Arrays.sort(nanos);
        if (report) {
            System.out.printf(
                    "%s: p50 %.3f µs, p90 %.3f, p99 %.3f; CPU %.3f µs/call (%d hits)%n",
                    name, nanos[n / 2] / 1e3, nanos[n * 9 / 10] / 1e3, nanos[n * 99 / 100] / 1e3, cpu / 1e3 / n, hits);
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
