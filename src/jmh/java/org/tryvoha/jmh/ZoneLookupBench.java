package org.tryvoha.jmh;

import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** Point → zones over random points on land (inside some hromada) in the bundled Ukraine tree. */
public class ZoneLookupBench extends MicroBench {
  ZoneTree tree;
  double[][] points = new double[4096][];
  int next;

  @Setup
  public void setup() {
    tree = Fixtures.ukraine();
    Random r = new Random(42);
    for (int i = 0; i < points.length; ) {
      double lat = 44.4 + r.nextDouble() * (52.4 - 44.4), lon = 22.1 + r.nextDouble() * (40.2 - 22.1);
      if (!tree.zonesAt(lat, lon).isEmpty()) points[i++] = new double[] {lat, lon};
    }
  }

  @Benchmark
  public List<Zone> zonesAt() {
    double[] p = points[next++ & (points.length - 1)];
    return tree.zonesAt(p[0], p[1]);
  }
}
