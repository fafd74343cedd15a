package org.tryvoha.history;

import java.util.Arrays;

/**
 * Sorted, disjoint, non-touching half-open intervals [start, end) of epoch seconds, packed as
 * {@code [s0, e0, s1, e1, …]}. {@link #OPEN} ends an interval still in force. Immutable by convention.
 */
final class Intervals {
    static final long OPEN = Long.MAX_VALUE;
    static final long[] EMPTY = new long[0];

    private Intervals() {}

    /** Merges arbitrary intervals (packed pairs, any order, overlapping) into the canonical form. */
    static long[] merge(long[] pairs, int length) {
        int n = length / 2;
        if (n == 0) return EMPTY;
        long[][] p = new long[n][];
        for (int i = 0; i < n; i++) p[i] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        Arrays.sort(p, (a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[2 * n];
        int k = 0;
        for (long[] iv : p) {
            if (iv[1] < iv[0]) continue;
            if (k > 0 && iv[0] <= out[k - 1]) {
                out[k - 1] = Math.max(out[k - 1], iv[1]);
            } else {
                out[k++] = iv[0];
                out[k++] = iv[1];
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The union of two canonical sets. */
    static long[] union(long[] a, long[] b) {
        if (a.length == 0) return b;
        if (b.length == 0) return a;
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return merge(both, both.length);
    }

    /** Index (of a start, even) of the first interval ending after {@code t}. */
    static int firstEndingAfter(long[] iv, long t) {
        int lo = 0;
        int hi = iv.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (iv[2 * mid + 1] > t) hi = mid;
            else lo = mid + 1;
        }
        return 2 * lo;
    }

    /** Seconds of [from, to) covered. */
    static long covered(long[] iv, long from, long to) {
        long sum = 0;
        for (int i = firstEndingAfter(iv, from); i < iv.length && iv[i] < to; i += 2) {
            sum += Math.min(iv[i + 1], to) - Math.max(iv[i], from);
        }
        return sum;
    }
}
