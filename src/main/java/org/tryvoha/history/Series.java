package org.tryvoha.history;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time under alert per bucket of local time (the {@code time-zone} setting): calendar day, ISO week (by its Monday),
 * month, hour of day (0–23) or weekday (1 = Monday … 7 = Sunday), or the 7 × 24 weekday × hour
 * grid. A DST day has 23 or 25 hours; in the autumn the repeated hour 03 counts both times.
 */
public record Series(String by, List<Bucket> buckets) {
    /** A bucket: its key, seconds under alert in it, and alert periods starting in it. */
    public record Bucket(String key, long seconds, int alerts) {}

    public enum By {
        DAY,
        WEEK,
        MONTH,
        HOUR,
        WEEKDAY,
        HOUR_WEEKDAY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static By parse(String s) {
            for (By b : values()) if (b.wire().equals(s)) return b;
            throw new IllegalArgumentException(
                    "by must be one of day, week, month, hour, weekday, hour_weekday; got '" + s + "'");
        }

        String key(ZonedDateTime t) {
            return switch (this) {
                case DAY -> t.toLocalDate().toString();
                case WEEK ->
                    t.toLocalDate()
                            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                            .toString();
                case MONTH -> YearMonth.from(t).toString();
                default -> throw new IllegalStateException("not a calendar bucket: " + this);
            };
        }
    }

    /** How many buckets a series of [f, t) has: days, weeks or months; 24, 7 or 168 for the clock kinds. */
    static long calendarBuckets(long f, long t, By by, ZoneId tz) {
        LocalDate first = local(f, tz).toLocalDate();
        LocalDate last = local(Math.max(f, t - 1), tz).toLocalDate();
        return switch (by) {
            case DAY -> ChronoUnit.DAYS.between(first, last) + 1;
            case WEEK ->
                ChronoUnit.WEEKS.between(
                                first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                                last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
                        + 1;
            case MONTH -> ChronoUnit.MONTHS.between(YearMonth.from(first), YearMonth.from(last)) + 1;
            case HOUR -> 24;
            case WEEKDAY -> 7;
            case HOUR_WEEKDAY -> 168;
        };
    }

    static Series of(long[] iv, long f, long t, By by, ZoneId tz) {
        return by == By.DAY || by == By.WEEK || by == By.MONTH ? calendar(iv, f, t, by, tz) : clock(iv, f, t, by, tz);
    }

    /** Day, week, month: the clipped periods cut at local midnights. */
    private static Series calendar(long[] iv, long f, long t, By by, ZoneId tz) {
        Map<String, long[]> acc = emptyBuckets(f, t, by, tz);
        for (int i = Intervals.firstEndingAfter(iv, f); i < iv.length && iv[i] < t; i += 2) {
            long e = Math.min(iv[i + 1], t);
            if (iv[i] >= f) acc.get(by.key(local(iv[i], tz)))[1]++;
            for (long c = Math.max(iv[i], f); c < e; ) {
                ZonedDateTime here = local(c, tz);
                long next = Math.min(
                        e, here.toLocalDate().plusDays(1).atStartOfDay(tz).toEpochSecond());
                acc.get(by.key(here))[0] += next - c;
                c = next;
            }
        }
        List<Bucket> out = new ArrayList<>(acc.size());
        acc.forEach((k, v) -> out.add(new Bucket(k, v[0], (int) v[1])));
        return new Series(by.wire(), out);
    }

    /** Hour of day, weekday, both: the clipped periods cut at hour boundaries, counted in a 7 × 24 grid. */
    private static Series clock(long[] iv, long f, long t, By by, ZoneId tz) {
        ZoneRules rules = tz.getRules();
        long[][] sec = new long[7][24];
        int[][] starts = new int[7][24];
        for (int i = Intervals.firstEndingAfter(iv, f); i < iv.length && iv[i] < t; i += 2) {
            long e = Math.min(iv[i + 1], t);
            if (iv[i] >= f) {
                long l = localSecond(iv[i], rules);
                starts[weekday(l)][hour(l)]++;
            }
            // step to each local hour boundary (an offset may be a half or quarter hour)
            for (long c = Math.max(iv[i], f); c < e; ) {
                long l = localSecond(c, rules);
                long next = Math.min(e, c + 3600 - Math.floorMod(l, 3600L));
                sec[weekday(l)][hour(l)] += next - c;
                c = next;
            }
        }
        List<Bucket> out = new ArrayList<>();
        if (by == By.HOUR_WEEKDAY) {
            for (int d = 0; d < 7; d++)
                for (int h = 0; h < 24; h++) out.add(new Bucket((d + 1) + "-" + two(h), sec[d][h], starts[d][h]));
        } else if (by == By.HOUR) {
            for (int h = 0; h < 24; h++) {
                long x = 0;
                int n = 0;
                for (int d = 0; d < 7; d++) {
                    x += sec[d][h];
                    n += starts[d][h];
                }
                out.add(new Bucket(two(h), x, n));
            }
        } else {
            for (int d = 0; d < 7; d++)
                out.add(new Bucket(
                        Integer.toString(d + 1),
                        Arrays.stream(sec[d]).sum(),
                        Arrays.stream(starts[d]).sum()));
        }
        return new Series(by.wire(), out);
    }

    private static long localSecond(long epochSecond, ZoneRules rules) {
        return epochSecond + rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    private static int hour(long localSecond) {
        return (int) (Math.floorMod(localSecond, 86_400L) / 3600);
    }

    /** Monday = 0 (1970-01-01 was a Thursday). */
    private static int weekday(long localSecond) {
        return (int) Math.floorMod(Math.floorDiv(localSecond, 86_400L) + 3, 7L);
    }

    private static String two(int h) {
        return h < 10 ? "0" + h : Integer.toString(h);
    }

    private static ZonedDateTime local(long epochSecond, ZoneId tz) {
        return Instant.ofEpochSecond(epochSecond).atZone(tz);
    }

    /** Every day, week or month of the range, in order, at zero (so a calendar has its empty days too). */
    private static Map<String, long[]> emptyBuckets(long f, long t, By by, ZoneId tz) {
        Map<String, long[]> acc = new LinkedHashMap<>();
        LocalDate last = local(t - 1, tz).toLocalDate();
        for (LocalDate d = local(f, tz).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            acc.putIfAbsent(by.key(d.atStartOfDay(tz)), new long[2]);
        }
        return acc;
    }
}
