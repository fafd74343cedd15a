package org.tryvoha.history;

import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of the statistics, read by their long names through {@link
 * org.tryvoha.config.Config.Source} by {@link StatsSettings#from}. Fields only; picocli fills them.
 */
public final class StatsOptions {
    @Option(
            names = "--stats-max-buckets",
            description =
                    "Most day, week or month buckets in one statistics series (default 3660); env TRYVOHA_STATS_MAX_BUCKETS")
    Integer maxBuckets;
}
