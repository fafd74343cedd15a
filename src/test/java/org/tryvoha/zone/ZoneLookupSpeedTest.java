package org.tryvoha.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Load time and point-lookup speed of the bundled tree. The bounds are loose (a shared 2-core box
 * runs other builds), to catch a lost index rather than to benchmark; the numbers are printed.
 */
class ZoneLookupSpeedTest {
  @Test
  void loadsQuicklyAndLooksUpPointsInMicroseconds() {
    long t0 = System.nanoTime();
    ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    long loadMs = (System.nanoTime() - t0) / 1_000_000;

    Random random = new Random(7);
    int n = 50_000;
    double[][] land = new double[n][];
    for (int i = 0; i < n; ) {
      double lat = 44.4 + random.nextDouble() * 7.9, lon = 22.2 + random.nextDouble() * 18;
      if (!tree.zonesAt(lat, lon).isEmpty()) land[i++] = new double[] {lat, lon};
    }
    long[] ns = new long[n];
    long sink = 0;
    for (int round = 0; round < 2; round++)
      for (int i = 0; i < n; i++) {
        long s = System.nanoTime();
        sink += tree.zonesAt(land[i][0], land[i][1]).size();
        ns[i] = System.nanoTime() - s;
      }
    Arrays.sort(ns);
    double medianUs = ns[n / 2] / 1000.0;
    System.out.printf("zone tree load %d ms; point lookup median %.2f µs, p99 %.2f µs (%d)%n",
        loadMs, medianUs, ns[n * 99 / 100] / 1000.0, sink);
    assertThat(sink).isGreaterThanOrEqualTo(2L * n * 2);
    assertThat(loadMs).isLessThan(5_000);
    assertThat(medianUs).isLessThan(20.0);
  }
}
