package org.tryvoha.zone.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The official KATOTTG codifier (";"-separated, UTF-8 with BOM): each unit's category and bare
 * name stem, its parent, and the settlements of each hromada.
 */
final class Kodifikator {
    record Unit(String code, String parent, char category, String name) {}

    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, List<Unit>> settlementsOf = new HashMap<>();

    Kodifikator(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            if (f.length < 7) continue;
            List<String> levels = new ArrayList<>();
            for (int i = 0; i < 5; i++) if (!f[i].isBlank()) levels.add(f[i].trim());
            if (levels.isEmpty()) continue;
            String code = levels.get(levels.size() - 1);
            String parent = levels.size() > 1 ? levels.get(levels.size() - 2) : null;
            Unit u = new Unit(code, parent, f[5].trim().charAt(0), f[6].trim());
            units.put(code, u);
            if ("MXC".indexOf(u.category) >= 0 && f[3].equals(code))
                settlementsOf
                        .computeIfAbsent(f[2].trim(), k -> new ArrayList<>())
                        .add(u);
        }
    }

    Unit get(String code) {
        Unit u = units.get(code);
        if (u == null) throw new IllegalArgumentException("not in the codifier: " + code);
        return u;
    }

    /** The hromada with this name stem directly under the raion, or null. */
    Unit hromadaIn(String raion, String stem) {
        for (Unit u : units.values()) if (u.category == 'H' && raion.equals(u.parent) && u.name.equals(stem)) return u;
        return null;
    }

    /**
     * The hromada's type word from the category of its centre: the settlement whose name shares the
     * hromada's stem (Авдіївська → Авдіївка), else its highest-ranked settlement.
     */
    String hromadaType(String hromada) {
        Unit h = get(hromada);
        String root = stemRoot(h.name);
        Unit best = null;
        for (Unit s : settlementsOf.getOrDefault(hromada, List.of())) {
            boolean named = s.name.toLowerCase(Locale.ROOT).startsWith(root);
            boolean bestNamed =
                    best != null && best.name.toLowerCase(Locale.ROOT).startsWith(root);
            if (best == null || (named && !bestNamed) || (named == bestNamed && rank(s) < rank(best))) best = s;
        }
        if (best == null) throw new IllegalStateException("no settlements in " + hromada);
        return switch (best.category) {
            case 'M' -> "міська";
            case 'X' -> "селищна";
            default -> "сільська";
        };
    }

    /** The stem without its adjective ending: Дебальцівська → дебальц (Дебальцеве). */
    private static String stemRoot(String stem) {
        String s = stem.toLowerCase(Locale.ROOT);
        return s.substring(0, Math.max(3, s.length() - 6));
    }

    private static int rank(Unit settlement) {
        return "MXC".indexOf(settlement.category);
    }
}
