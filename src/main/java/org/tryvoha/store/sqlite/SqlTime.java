package org.tryvoha.store.sqlite;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as stored in SQLite: ISO-8601 UTC text of fixed width with nanoseconds
 * ({@code 2026-11-05T10:00:00.000000000Z}), so that text order is time order and nothing is
 * rounded. Years outside 0000..9999 would break the order: they are refused when stored and
 * clamped when used as a query bound.
 */
final class SqlTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private SqlTime() {}

  /** The stored form of {@code t}, or null for null. */
  static String text(Instant t) {
    if (t == null) return null;
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new IllegalArgumentException("time out of range (years 0000..9999): " + t);
    }
    return FORMAT.format(t);
  }

  /** The stored form of a query bound, clamped to the storable range. */
  static String bound(Instant t) {
    return t.isBefore(MIN) ? FORMAT.format(MIN) : t.isAfter(MAX) ? FORMAT.format(MAX) : FORMAT.format(t);
  }

  static Instant parse(String s) {
    return s == null ? null : Instant.parse(s);
  }

  /** True when {@code s} has exactly the stored form (used to check cursors). */
  static boolean isStoredForm(String s) {
    try {
      return s.length() == 30 && text(Instant.parse(s)).equals(s);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
