package org.tryvoha.jmh;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Point → zones in the bundled Ukraine tree, over three sets of 4,096 random points: on land
 * (inside some hromada; the target), near a border (within ~0.005°, 350–550 m, of another
 * leaf: the slow case), and anywhere in the country's bounding box (sea and neighbours included).
 * The result is the leaf's precomputed chain: nothing is allocated for it.
 */
public class ZoneLookupBench extends MicroBench {
    static final double MIN_LAT = 44.4, MAX_LAT = 52.4, MIN_LON = 22.1, MAX_LON = 40.2;

    ZoneTree tree;
    double[][] land = new double[4096][];
    double[][] nearBorder = new double[4096][];
    double[][] anywhere = new double[4096][];
    int next;

    @Setup
    public void setup() {
        tree = Fixtures.ukraine();
        GeometryFactory gf = new GeometryFactory();
        Random r = new Random(42);
        for (int i = 0, j = 0, k = 0; i < land.length || j < nearBorder.length || k < anywhere.length; ) {
            double lat = MIN_LAT + r.nextDouble() * (MAX_LAT - MIN_LAT),
                    lon = MIN_LON + r.nextDouble() * (MAX_LON - MIN_LON);
            if (k < anywhere.length) anywhere[k++] = new double[] {lat, lon};
            if (tree.zonesAt(lat, lon).isEmpty()) continue;
            if (i < land.length) land[i++] = new double[] {lat, lon};
            if (j < nearBorder.length
                    && tree.leavesIntersecting(gf.createPoint(new Coordinate(lon, lat))
                                            .buffer(0.005, 4))
                                    .size()
                            > 1) nearBorder[j++] = new double[] {lat, lon};
        }
    }

    @Benchmark
    public List<Zone> zonesAt() {
        double[] p = land[next++ & (land.length - 1)];
        return tree.zonesAt(p[0], p[1]);
    }

    @Benchmark
    public List<Zone> zonesAtNearBorder() {
        double[] p = nearBorder[next++ & (nearBorder.length - 1)];
        return tree.zonesAt(p[0], p[1]);
    }

    @Benchmark
    public List<Zone> zonesAtAnywhere() {
        double[] p = anywhere[next++ & (anywhere.length - 1)];
        return tree.zonesAt(p[0], p[1]);
    }

    /** The land points again, as a mean over many calls (no per-call timer in the figure). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public List<Zone> zonesAtMean() {
        double[] p = land[next++ & (land.length - 1)];
        return tree.zonesAt(p[0], p[1]);
    }
}
