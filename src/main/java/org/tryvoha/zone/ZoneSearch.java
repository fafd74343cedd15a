package org.tryvoha.zone;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Name search over the Ukrainian and English names. Names and queries are folded the same way:
 * lower case, diacritics removed (so й matches и, ї matches і, ґ matches г), apostrophes dropped,
 * hyphens as spaces. Ranking: an exact name, then a name that starts with the query, then one with
 * a word that starts with it, then one that contains it; within each, larger zones first, then
 * shorter names. Immutable and thread-safe.
 */
final class ZoneSearch {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("[\\s\\-‐–—]+");

    private record Entry(Zone zone, String uk, String en) {}

    private final List<Entry> entries = new ArrayList<>();

    ZoneSearch(Collection<Zone> zones) {
        for (Zone z : zones) {
            entries.add(new Entry(z, fold(z.nameUk()), fold(z.nameEn())));
            // names in further languages (a country's own, e.g. name_de) are found too
            for (Map.Entry<String, String> n : z.names().entrySet())
                if (!n.getKey().equals("uk") && !n.getKey().equals("en")) {
                    String f = fold(n.getValue());
                    entries.add(new Entry(z, f, f));
                }
        }
    }

    static String fold(String s) {
        if (s == null) return "";
        String d = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Kmu2010.isApostrophe(c) || c == 'ь') continue;
            out.append(c == 'ґ' ? 'г' : c == 'є' ? 'е' : c);
        }
        String noMarks = MARKS.matcher(out).replaceAll("");
        return SPACES.matcher(noMarks).replaceAll(" ").trim();
    }

    List<Zone> search(String query, int limit) {
        String q = fold(query);
        if (q.isEmpty() || limit <= 0) return List.of();
        record Hit(Zone zone, int rank, int length) {}
        List<Hit> hits = new ArrayList<>();
        for (Entry e : entries) {
            int rank = Math.min(rank(e.uk, q), rank(e.en, q));
            if (rank < Integer.MAX_VALUE) hits.add(new Hit(e.zone, rank, Math.min(e.uk.length(), e.en.length())));
        }
        hits.sort(Comparator.comparingInt(Hit::rank)
                .thenComparingInt(h -> h.zone.depth())
                .thenComparingInt(Hit::length)
                .thenComparing(h -> h.zone.id()));
        List<Zone> out = new ArrayList<>(Math.min(limit, hits.size()));
        for (int i = 0; i < hits.size() && out.size() < limit; i++)
            if (!out.contains(hits.get(i).zone)) out.add(hits.get(i).zone); // a zone may match in two languages
        return out;
    }

    private static int rank(String name, String q) {
        if (name.equals(q)) return 0;
        if (name.startsWith(q)) return 1;
        int at = name.indexOf(q);
        if (at < 0) return Integer.MAX_VALUE;
        return name.indexOf(" " + q) >= 0 ? 2 : 3;
    }
}
