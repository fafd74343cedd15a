package org.tryvoha.jmh;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;
import org.tryvoha.zone.ShelterConfig;

/** Point → zones over random points on land (inside some hromada) in the bundled Ukraine tree. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ZoneLookupBench {
  ZoneTree tree;
  double[][] points = new double[4096][];
  int next;

  @Setup
  public void setup() {
    tree = ZoneTree.loadDefault(ShelterConfig.defaults());
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
