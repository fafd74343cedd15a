package org.tryvoha.history;

import java.util.List;
import java.util.Locale;

/** The CSV forms of the statistics (RFC 4180, header first, UTC ISO-8601 times). */
final class StatsCsv {
    private StatsCsv() {}

    static String summary(Statistics.Summary m) {
        StringBuilder sb = new StringBuilder(
                "zone,name_uk,name_en,from,to,alerts,total_seconds,median_seconds,longest_start,longest_end,longest_seconds,share\r\n");
        Statistics.Longest l = m.longest();
        row(
                sb,
                m.zone(),
                m.nameUk(),
                m.nameEn(),
                m.from(),
                m.to(),
                m.alerts(),
                m.totalSeconds(),
                m.medianSeconds(),
                l == null ? "" : l.start(),
                l == null || l.end() == null ? "" : l.end(),
                l == null ? "" : l.seconds(),
                share(m.share()));
        return sb.toString();
    }

    static String series(Series s) {
        StringBuilder sb = new StringBuilder(s.by() + ",seconds,hours,alerts\r\n");
        for (Series.Bucket b : s.buckets())
            row(sb, b.key(), b.seconds(), String.format(Locale.ROOT, "%.3f", b.seconds() / 3600.0), b.alerts());
        return sb.toString();
    }

    static String inForce(List<HistoryAlert> open) {
        StringBuilder sb = new StringBuilder("zone,since,source\r\n");
        for (HistoryAlert a : open) row(sb, a.zoneId(), a.start(), a.source());
        return sb.toString();
    }

    static String ranking(List<Statistics.Rank> rows) {
        StringBuilder sb = new StringBuilder("rank,zone,name_uk,name_en,level,seconds,share,alerts\r\n");
        for (Statistics.Rank r : rows)
            row(sb, r.rank(), r.zone(), r.nameUk(), r.nameEn(), r.level(), r.seconds(), share(r.share()), r.alerts());
        return sb.toString();
    }

    private static String share(double x) {
        return String.format(Locale.ROOT, "%.6f", x);
    }

    private static void row(StringBuilder sb, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(',');
            String c = String.valueOf(cells[i]);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0)
                c = '"' + c.replace("\"", "\"\"") + '"';
            sb.append(c);
        }
        sb.append("\r\n");
    }
}
