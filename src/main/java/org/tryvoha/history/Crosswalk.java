package org.tryvoha.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.zone.build.Csv;

/**
 * The region names of the alert-history files (Ukrainian and KMU-2010 English) → KATOTTG codes,
 * from the bundled {@code /history/region_names_katottg.csv} (see NOTICE). Immutable.
 */
final class Crosswalk {
    static final String RESOURCE = "/history/region_names_katottg.csv";
    private final Map<String, String> official = new HashMap<>();
    private final Map<String, String> volunteer = new HashMap<>();

    static Crosswalk load() {
        try (InputStream in = Crosswalk.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            Crosswalk c = new Crosswalk();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.readLine(); // header:
            // dataset,level,oblast_uk,raion_uk,hromada_uk,oblast_en,raion_en,hromada_en,katottg_code,…
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) c.add(Csv.split(line));
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(List<String> f) {
        String level = f.get(1);
        String code = f.get(8);
        Map<String, String> into = f.get(0).startsWith("volunteer") ? volunteer : official;
        if (!f.get(2).isEmpty()) into.put(key(level, f.get(2), f.get(3), f.get(4)), code);
        if (!f.get(5).isEmpty()) into.put(key(level, f.get(5), f.get(6), f.get(7)), code);
    }

    /** The code of an official row's region (names in either language), or null. */
    String official(String level, String oblast, String raion, String hromada) {
        return official.get(key(level, oblast, raion, hromada));
    }

    /** The code of a volunteer row's region (an oblast or Kyiv, in either language), or null. */
    String volunteer(String region) {
        return volunteer.get(key("oblast", region, "", ""));
    }

    private static String key(String level, String oblast, String raion, String hromada) {
        return level + "|" + oblast.strip() + "|" + raion.strip() + "|" + hromada.strip();
    }
}
