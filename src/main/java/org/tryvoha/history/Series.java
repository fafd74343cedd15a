package org.tryvoha.history;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time under alert per bucket of Europe/Kyiv local time: calendar day, ISO week (by its Monday),
 * month, hour of day (0–23) or weekday (1 = Monday … 7 = Sunday), or the 7 × 24 weekday × hour
 * grid. A DST day has 23 or 25 hours; in the autumn the repeated hour 03 counts both times.
 */
public record Series(String by, List<Bucket> buckets) {
  /** A bucket: its key, seconds under alert in it, and alert periods starting in it. */
  public record Bucket(String key, long seconds, int alerts) {}

  public enum By {
    DAY, WEEK, MONTH, HOUR, WEEKDAY, HOUR_WEEKDAY;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static By parse(String s) {
      for (By b : values()) if (b.wire().equals(s)) return b;
      throw new IllegalArgumentException("by must be one of day, week, month, hour, weekday, hour_weekday; got '" + s + "'");
    }

    String key(ZonedDateTime t) {
      return switch (this) {
        case DAY -> t.toLocalDate().toString();
        case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
        case MONTH -> YearMonth.from(t).toString();
        case HOUR -> String.format(Locale.ROOT, "%02d", t.getHour());
        case WEEKDAY -> Integer.toString(t.getDayOfWeek().getValue());
        case HOUR_WEEKDAY -> t.getDayOfWeek().getValue() + "-" + String.format(Locale.ROOT, "%02d", t.getHour());
      };
    }
  }

  static Series of(long[] iv, long f, long t, By by) {
    Map<String, long[]> acc = emptyBuckets(f, t, by);
    for (int i = Intervals.firstEndingAfter(iv, f); i < iv.length && iv[i] < t; i += 2) {
      long s = Math.max(iv[i], f);
      long e = Math.min(iv[i + 1], t);
      if (iv[i] >= f) acc.get(by.key(local(iv[i])))[1]++;
      // Kyiv's UTC offsets are whole hours, so every local hour is one UTC hour: step hour by hour
      for (long c = s; c < e; ) {
        long next = Math.min(e, Math.floorDiv(c, 3600) * 3600 + 3600);
        acc.get(by.key(local(c)))[0] += next - c;
        c = next;
      }
    }
    List<Bucket> out = new ArrayList<>(acc.size());
    acc.forEach((k, v) -> out.add(new Bucket(k, v[0], (int) v[1])));
    return new Series(by.wire(), out);
  }

  private static ZonedDateTime local(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).atZone(Statistics.KYIV);
  }

  /** Every bucket of the range, in order, at zero (so a calendar has its empty days too). */
  private static Map<String, long[]> emptyBuckets(long f, long t, By by) {
    Map<String, long[]> acc = new LinkedHashMap<>();
    switch (by) {
      case HOUR -> {
        for (int h = 0; h < 24; h++) acc.put(String.format(Locale.ROOT, "%02d", h), new long[2]);
      }
      case WEEKDAY -> {
        for (int d = 1; d <= 7; d++) acc.put(Integer.toString(d), new long[2]);
      }
      case HOUR_WEEKDAY -> {
        for (int d = 1; d <= 7; d++) for (int h = 0; h < 24; h++) acc.put(d + "-" + String.format(Locale.ROOT, "%02d", h), new long[2]);
      }
      default -> {
        LocalDate last = local(t - 1).toLocalDate();
        for (LocalDate d = local(f).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
          acc.putIfAbsent(by.key(d.atStartOfDay(Statistics.KYIV)), new long[2]);
        }
      }
    }
    return acc;
  }
}
