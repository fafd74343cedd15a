package org.tryvoha.store;

import java.util.List;

/** One page of history; {@code nextCursor} is null on the last page. */
public record HistoryPage(List<AlertStore.StoredAlert> items, String nextCursor) {}
