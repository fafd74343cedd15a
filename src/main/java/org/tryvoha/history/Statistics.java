package org.tryvoha.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * Statistics of time under alert per zone, over the imported history and the live log together
 * (live alerts of status actual; drills and tests are not counted). A zone is under alert while an
 * alert is in force on it or on any zone containing it; overlapping alerts count once: the unit is
 * the <em>period</em>, a stretch of time the zone is continuously under alert.
 *
 * <p>Definitions, for a range [from, to) with {@code to} cut at now: {@code alerts} = periods
 * overlapping the range; {@code median} and {@code longest} use those periods' whole length
 * (an alert still in force: until now); {@code total} and the series count only the time inside
 * the range; buckets are in the local time of the tree's country ({@link #timeZone()}).
 *
 * <p>Thread-safe. Blocking (reads the store): call on a worker thread.
 */
public final class Statistics {
    /** The default {@code time-zone}; queries use {@link #timeZone()}. */
    public static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");
    /** When no range start is given: the start of the full-scale invasion, 2022-02-24 00:00 Kyiv time. */
    public static final Instant DEFAULT_FROM = Instant.parse("2022-02-23T22:00:00Z");

    private static final long RECHECK_MILLIS = 5_000;
    /** Events read from the live log per round trip. */
    private static final int EVENTS_PER_READ = 5_000;

    private final ZoneTree tree;
    private final HistoryStore store;
    private final Clock clock;
    private final int maxBuckets;
    private final LiveLog liveLog = new LiveLog();
    private HistoryIndex index;
    private long checkedAt;

    public Statistics(ZoneTree tree, HistoryStore store, Clock clock) {
        this(tree, store, clock, StatsSettings.DEFAULT_MAX_BUCKETS);
    }

    /** @param maxBuckets the most day, week or month buckets one series may have */
    public Statistics(ZoneTree tree, HistoryStore store, Clock clock, int maxBuckets) {
        this.tree = tree;
        this.store = store;
        this.clock = clock;
        this.maxBuckets = maxBuckets;
    }

    public ZoneTree tree() {
        return tree;
    }

    /** Local time of buckets and of plain dates: the {@code time-zone} setting, carried by the tree. */
    public ZoneId timeZone() {
        return tree.country().timeZone();
    }

    /** The index of the imported history, rebuilt when an import (here or by the CLI) changed it. */
    synchronized HistoryIndex index() {
        long now = clock.millis();
        if (index == null || now - checkedAt >= RECHECK_MILLIS) {
            long gen = store.generation();
            if (index == null || gen != index.generation())
                index = HistoryIndex.build(tree, store.all(null, null), gen);
            checkedAt = now;
        }
        return index;
    }

    /**
     * The imported records still in force (no end: the permanent alerts of occupied territory),
     * by start. The statistics count each of them up to now; the live map draws the same list
     * ({@code GET /api/v1/stats/in-force}), so both tell the same truth. Never part of the event log.
     */
    public List<HistoryAlert> inForce() {
        return index().inForce();
    }

    /** Builds the index now (at start, on a worker thread); returns the number of imported records. */
    public int warm() {
        return index().records();
    }

    /** Forces the next query to look for a new import at once (after an import in this process). */
    public synchronized void invalidate() {
        checkedAt = Long.MIN_VALUE / 2;
    }

    /**
     * The live periods of every zone (own and inherited) overlapping a range starting at {@code
     * from}, version by version; reads the events committed since the last query first.
     */
    private Map<String, long[]> live(Instant from) {
        synchronized (liveLog) {
            for (List<AlertEvent> page; !(page = store.events(liveLog.lastSeq(), EVENTS_PER_READ)).isEmpty(); ) {
                for (AlertEvent e : page) liveLog.apply(e);
                if (page.size() < EVENTS_PER_READ) break;
            }
        }
        HistoryIndex.Spans spans = new HistoryIndex.Spans();
        for (LiveLog.Span l : liveLog.overlapping(from.getEpochSecond())) spans.add(l.zone(), l.start(), l.end());
        return spans.isEmpty() ? Map.of() : HistoryIndex.effective(tree, spans.merged());
    }

    private static long[] periods(HistoryIndex idx, Map<String, long[]> live, String zone) {
        return Intervals.union(idx.periods(zone), live.getOrDefault(zone, Intervals.EMPTY));
    }

    /** A range resolved against now: [from, to) in epoch seconds, {@code to} cut at now. */
    public record Range(Instant from, Instant to, long now) {
        long f() {
            return from.getEpochSecond();
        }

        long t() {
            return Math.min(to.getEpochSecond(), now);
        }
    }

    /**
     * The range [from, to) cut to the record: {@code from} (default {@link #DEFAULT_FROM}) no earlier
     * than {@link #recordStart()}, {@code to} (default now) no later than now.
     */
    public Range range(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant start = recordStart();
        Instant f = from == null || from.isBefore(start) ? start : from;
        Instant t = to == null ? now : to;
        if (!f.isBefore(now))
            throw new IllegalArgumentException("from (" + f + ") is in the future; statistics cover the past");
        if (!t.isAfter(start))
            throw new IllegalArgumentException("to (" + t + ") is before the record starts (" + start
                    + "); statistics cover " + start + " to now");
        if (!f.isBefore(t)) throw new IllegalArgumentException("from (" + f + ") must be before to (" + t + ")");
        return new Range(f, t, now.getEpochSecond());
    }

    /**
     * Where the record starts: midnight Kyiv time of the day of the earliest imported alert, or
     * {@link #DEFAULT_FROM} when that is earlier (live alerts are all later).
     */
    public Instant recordStart() {
        long first = index().firstStart();
        if (first >= DEFAULT_FROM.getEpochSecond()) return DEFAULT_FROM;
        return Instant.ofEpochSecond(first)
                .atZone(KYIV)
                .toLocalDate()
                .atStartOfDay(KYIV)
                .toInstant();
    }

    /** The end of the imported record (the latest start or end of an imported alert); null before any import. */
    public Instant coverageTo() {
        long last = index().lastTime();
        return last == Long.MIN_VALUE ? null : Instant.ofEpochSecond(last);
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    public record Longest(Instant start, Instant end, long seconds) {}

    public record Summary(
            String zone,
            String nameUk,
            String nameEn,
            Instant from,
            Instant to,
            int alerts,
            long totalSeconds,
            long medianSeconds,
            Longest longest,
            double share,
            int importedRecords,
            Instant coverageTo) {}

    public Summary summary(Zone z, Range r) {
        HistoryIndex idx = index();
        long[] iv = periods(idx, live(r.from()), z.id());
        long f = r.f();
        long t = r.t();
        List<Long> lengths = new ArrayList<>();
        Longest longest = null;
        for (int i = Intervals.firstEndingAfter(iv, f); i < iv.length && iv[i] < t; i += 2) {
            long len = Math.min(iv[i + 1], r.now()) - iv[i];
            lengths.add(len);
            if (longest == null || len > longest.seconds()) {
                longest = new Longest(
                        Instant.ofEpochSecond(iv[i]),
                        iv[i + 1] > r.now() ? null : Instant.ofEpochSecond(iv[i + 1]),
                        len);
            }
        }
        long total = Intervals.covered(iv, f, t);
        return new Summary(
                z.id(),
                z.nameUk(),
                z.nameEn(),
                r.from(),
                Instant.ofEpochSecond(t),
                lengths.size(),
                total,
                median(lengths),
                longest,
                t > f ? (double) total / (t - f) : 0,
                idx.records(),
                coverageTo());
    }

    static long median(List<Long> xs) {
        if (xs.isEmpty()) return 0;
        long[] a = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /** Time under alert per local-time bucket, and the periods starting in each. */
    public Series series(Zone z, Range r, Series.By by) {
        long buckets = Series.calendarBuckets(r.f(), r.t(), by, timeZone());
        if (buckets > maxBuckets && (by == Series.By.DAY || by == Series.By.WEEK || by == Series.By.MONTH))
            throw new IllegalArgumentException("the range " + r.from() + " to " + Instant.ofEpochSecond(r.t()) + " has "
                    + buckets + " " + by.wire() + " buckets, more than the " + maxBuckets
                    + " one answer may have (setting stats-max-buckets): ask a shorter range, or by=week or by=month");
        long[] iv = periods(index(), live(r.from()), z.id());
        return Series.of(iv, r.f(), r.t(), by, timeZone());
    }

    public record Rank(
            int rank,
            String zone,
            String nameUk,
            String nameEn,
            String level,
            long seconds,
            double share,
            int alerts) {}

    /** Zones of one level by time under alert in the range, most first (ties by id). */
    public List<Rank> ranking(ZoneLevel level, Range r, int limit) {
        if (level == ZoneLevel.COUNTRY)
            throw new IllegalArgumentException("level must be oblast, raion or hromada; got 'country'");
        HistoryIndex idx = index();
        Map<String, long[]> live = live(r.from());
        long f = r.f();
        long t = r.t();
        record Row(Zone z, long seconds, int alerts) {}
        List<Row> rows = new ArrayList<>();
        for (Zone z : tree.all()) {
            if (z.level() != level) continue;
            long[] iv = periods(idx, live, z.id());
            int first = Intervals.firstEndingAfter(iv, f);
            int end = first;
            while (end < iv.length && iv[end] < t) end += 2;
            rows.add(new Row(z, Intervals.covered(iv, f, t), (end - first) / 2));
        }
        rows.sort(Comparator.comparingLong(Row::seconds).reversed().thenComparing(x -> x.z().id()));
        List<Rank> out = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            out.add(new Rank(
                    out.size() + 1,
                    row.z().id(),
                    row.z().nameUk(),
                    row.z().nameEn(),
                    level.name().toLowerCase(Locale.ROOT),
                    row.seconds(),
                    t > f ? (double) row.seconds() / (t - f) : 0,
                    row.alerts()));
        }
        return out;
    }
}
