package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A zone's names from the {@code name_<language>} properties of its feature: every language the
 * file gives, Ukrainian and English first. A file of another country (only {@code name_de} and
 * {@code name_fr}, say) still fills {@link Zone#nameUk()} and {@link Zone#nameEn()}, which the wire
 * formats and older clients read: with the English name when there is one, else the first other
 * name.
 */
final class ZoneNames {
    private static final String PREFIX = "name_";

    private ZoneNames() {}

    static Zone zone(String id, ZoneLevel level, Map<String, String> names, Geometry geometry, Integer shelter) {
        String uk = names.get("uk"), en = names.get("en");
        String first = names.isEmpty() ? null : names.values().iterator().next();
        Zone z = new Zone(
                id, level, uk != null ? uk : en != null ? en : first, en != null ? en : first, geometry, shelter);
        z.names(names);
        return z;
    }

    /** language code → name, uk and en first, then the others by code; blank names are left out. */
    static Map<String, String> names(Map<String, Object> props) {
        List<String> langs = new ArrayList<>();
        for (String k : props.keySet()) {
            if (!k.startsWith(PREFIX) || props.get(k) == null) continue;
            String lang = k.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
            if (lang.matches("[a-z]{2,3}") && !props.get(k).toString().isBlank()) langs.add(lang);
        }
        langs.sort((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
        Map<String, String> out = new LinkedHashMap<>();
        for (String lang : langs) {
            Object v = props.get(PREFIX + lang);
            if (v == null) v = props.get(PREFIX + lang.toUpperCase(Locale.ROOT));
            if (v != null) out.put(lang, v.toString().strip());
        }
        return out;
    }

    private static int rank(String lang) {
        return lang.equals("uk") ? 0 : lang.equals("en") ? 1 : 2;
    }
}
