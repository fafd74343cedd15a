package org.tryvoha.stream;

/** Nearest-rank percentiles of sorted samples (the definition used by every latency figure we publish). */
public final class Percentiles {
    private Percentiles() {}

    /**
     * The smallest sample such that at least {@code p} percent of the samples are at or below it; -1
     * when there are none.
     *
     * @param sorted ascending
     * @param p 0 < p <= 100
     */
    public static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
