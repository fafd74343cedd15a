package org.tryvoha.history;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * {@code tryvoha history bench}: the statistics queries over the full imported record, timed in this
 * process on the store the server uses: index build, then for every zone the summary and the day
 * series, then the ranking (the choropleth's data) for each level. Prints percentiles; asserts nothing.
 */
public final class StatsBench {
    private StatsBench() {}

    public static void run(ZoneTree tree, HistoryStore store, int rounds, PrintWriter out) {
        Statistics stats = new Statistics(tree, store, Clock.systemUTC());
        long r0 = System.nanoTime();
        int read = store.all(null, null).size();
        out.printf("read %d imported records from the store in %d ms%n", read, (System.nanoTime() - r0) / 1_000_000);
        long t0 = System.nanoTime();
        int records = stats.warm();
        out.printf(
                "index of %d imported records (read and merged) built in %d ms%n",
                records, (System.nanoTime() - t0) / 1_000_000);
        Statistics.Range all = stats.range(null, null);
        for (int r = 0; r < rounds; r++) {
            long[] summary = new long[tree.size()];
            long[] days = new long[tree.size()];
            long[] grid = new long[tree.size()];
            int i = 0;
            for (Zone z : tree.all()) {
                long a = System.nanoTime();
                stats.summary(z, all);
                long b = System.nanoTime();
                stats.series(z, all, Series.By.DAY);
                long c = System.nanoTime();
                stats.series(z, all, Series.By.HOUR_WEEKDAY);
                grid[i] = System.nanoTime() - c;
                days[i] = c - b;
                summary[i++] = b - a;
            }
            out.printf("round %d, full record %s … %s, %d zones:%n", r + 1, all.from(), all.to(), tree.size());
            print(out, "  summary", summary);
            print(out, "  series by day", days);
            print(out, "  series hour × weekday", grid);
            for (ZoneLevel level : new ZoneLevel[] {ZoneLevel.OBLAST, ZoneLevel.RAION, ZoneLevel.HROMADA}) {
                long a = System.nanoTime();
                int n = stats.ranking(level, all, Integer.MAX_VALUE).size();
                out.printf(
                        "  ranking/choropleth %-8s %5d zones: %7.1f ms%n",
                        level.wire(), n, (System.nanoTime() - a) / 1e6);
            }
            out.flush();
        }
    }

    private static void print(PrintWriter out, String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        out.printf(
                "%-26s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n",
                what, s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
