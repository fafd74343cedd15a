package org.tryvoha.store;

import java.time.Instant;
import java.util.Set;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;

/**
 * A history filter. Null (or empty) fields do not filter.
 *
 * @param zones alerts having at least one target zone in this set (the caller expands a zone to
 *     itself, its ancestors and its descendants)
 * @param from alerts still active at or after this time (ended_at is null or >= from)
 * @param to alerts issued before this time
 * @param cursor opaque paging cursor from the previous {@link HistoryPage#nextCursor()}, or null
 * @param limit page size, 1..1000
 */
public record HistoryQuery(
        Set<String> zones,
        Set<AlertType> types,
        Set<AlertStatus> statuses,
        Instant from,
        Instant to,
        String cursor,
        int limit) {}
