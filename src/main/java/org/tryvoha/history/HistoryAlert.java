package org.tryvoha.history;

import java.time.Instant;

/**
 * One imported alert: a zone (KATOTTG id of the zone tree) under alert from {@code start} to
 * {@code end} (null: still in force, as the permanent alerts are). Never part of the live event log.
 */
public record HistoryAlert(String source, String zoneId, Instant start, Instant end, boolean naive) {
    public static final String OFFICIAL = "official";
    public static final String VOLUNTEER = "volunteer";
    public static final String PERMANENT = "permanent";

    /** What makes the row unique: the same row imported again (or from the other language) is a no-op. */
    public String key() {
        return source + "|" + zoneId + "|" + start + "|" + (end == null ? "" : end);
    }
}
