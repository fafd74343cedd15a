package org.tryvoha.history;

import org.tryvoha.config.Config;

/**
 * Statistics settings.
 *
 * @param maxBuckets the most day, week or month buckets one {@code /stats/series} answer may have; a
 *     longer range is a 400 that says to ask a shorter one or coarser buckets
 */
public record StatsSettings(int maxBuckets) {
    /** Ten years of days: the whole record since 2022 by day, with room to spare. */
    public static final int DEFAULT_MAX_BUCKETS = 3660;

    /** From the setting {@code stats-max-buckets}. */
    public static StatsSettings from(Config.Source s) {
        return new StatsSettings(s.number("stats-max-buckets", DEFAULT_MAX_BUCKETS, 1, 1_000_000));
    }
}
