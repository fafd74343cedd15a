package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flood benchmark's percentiles: nearest rank over the sorted times, whatever order they came in. */
class FloodTest {
    @Test
    void percentilesAreNearestRank() {
        long[] t = new long[100];
        for (int i = 0; i < t.length; i++) t[i] = 100 - i; // 100 … 1, reversed on purpose
        assertThat(Flood.pct(t, 50)).isEqualTo(50);
        assertThat(Flood.pct(t, 99)).isEqualTo(99);
        assertThat(Flood.pct(new long[] {7}, 99)).isEqualTo(7);
        assertThat(t[0]).as("the caller's array is left as it was").isEqualTo(100);
    }
}
