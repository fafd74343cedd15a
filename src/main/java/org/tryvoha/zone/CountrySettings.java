package org.tryvoha.zone;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tryvoha.config.Config;

/**
 * What makes a zone set a country rather than Ukraine: the local time zone of statistics, the
 * languages of automatic warning texts, how the zones file's own level names map onto the tiers of
 * {@link ZoneLevel} and how those tiers are called, and the tier that counts as a "region" for the
 * two-person rule. Immutable; the defaults are Ukraine's.
 *
 * @param timeZone local time of statistics buckets and of plain dates in queries
 * @param languages language codes (ISO 639-1) of automatic warning texts, in order
 * @param levels the zones file's {@code level} values (lower case) → tier; the tier names themselves
 *     (country, oblast, raion, hromada) always work
 * @param labels display label per tier (the country's own word for it)
 * @param regionLevel the tier whose zones the two-person rule counts
 */
public record CountrySettings(
        ZoneId timeZone,
        List<String> languages,
        Map<String, ZoneLevel> levels,
        Map<ZoneLevel, String> labels,
        ZoneLevel regionLevel) {
    public static final String DEFAULT_TIME_ZONE = "Europe/Kyiv";
    public static final String DEFAULT_LANGUAGES = "uk,en";
    public static final String DEFAULT_ZONE_LEVELS = "";
    public static final String DEFAULT_LEVEL_LABELS = "";
    public static final String DEFAULT_REGION_LEVEL = "oblast";

    public CountrySettings {
        if (languages.isEmpty()) throw new IllegalArgumentException("languages must name at least one language");
        languages = List.copyOf(languages);
        levels = Map.copyOf(levels);
        Map<ZoneLevel, String> l = new EnumMap<>(ZoneLevel.class);
        for (ZoneLevel t : ZoneLevel.values()) l.put(t, labels.getOrDefault(t, t.wire()));
        labels = Map.copyOf(l);
    }

    /** Ukraine: Europe/Kyiv, Ukrainian and English, the tiers by their own names, oblast as the region. */
    public static CountrySettings defaults() {
        return from(Config.Source.of(Map.of(), Map.of()));
    }

    /**
     * From the settings {@code time-zone}, {@code languages}, {@code zone-levels} ({@code
     * land=oblast,kreis=raion,gemeinde=hromada}), {@code level-labels} ({@code oblast=Land,...}; by
     * default the names of {@code zone-levels}) and {@code two-person-region-level} (a tier or one of
     * the country's own level names). Errors name the setting.
     */
    public static CountrySettings from(Config.Source s) {
        ZoneId tz;
        String tzName = s.text("time-zone", DEFAULT_TIME_ZONE).strip();
        try {
            tz = ZoneId.of(tzName);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "time-zone must be a region id such as Europe/Kyiv or America/Chicago, got '" + tzName + "'");
        }
        List<String> langs = new ArrayList<>();
        for (String l : s.text("languages", DEFAULT_LANGUAGES).split(",")) {
            String code = l.strip().toLowerCase(Locale.ROOT);
            if (code.isEmpty()) continue;
            if (!code.matches("[a-z]{2,3}"))
                throw new IllegalArgumentException(
                        "languages must be ISO 639 language codes separated by commas (uk,en), got '" + l.strip()
                                + "'");
            if (!langs.contains(code)) langs.add(code);
        }
        if (langs.isEmpty())
            throw new IllegalArgumentException("languages must name at least one language, e.g. uk,en");
        Map<String, ZoneLevel> levels = new LinkedHashMap<>();
        Map<ZoneLevel, String> labels = new EnumMap<>(ZoneLevel.class);
        pairs("zone-levels", "land=oblast,kreis=raion", s.text("zone-levels", DEFAULT_ZONE_LEVELS))
                .forEach((own, tier) -> {
                    ZoneLevel t = tier("zone-levels", tier);
                    levels.put(own.toLowerCase(Locale.ROOT), t);
                    labels.putIfAbsent(t, own);
                });
        pairs("level-labels", "oblast=Land,raion=Kreis", s.text("level-labels", DEFAULT_LEVEL_LABELS))
                .forEach((tier, label) -> labels.put(tier("level-labels", tier), label));
        String region = s.text("two-person-region-level", DEFAULT_REGION_LEVEL).strip();
        ZoneLevel r = levels.get(region.toLowerCase(Locale.ROOT));
        if (r == null) r = tier("two-person-region-level", region);
        return new CountrySettings(tz, langs, levels, labels, r);
    }

    /** The tier a zones file's {@code level} value stands for: a mapped name, or a tier's own name. */
    public ZoneLevel tier(String level) {
        ZoneLevel t = levels.get(level.strip().toLowerCase(Locale.ROOT));
        if (t != null) return t;
        try {
            return ZoneLevel.fromWire(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level '" + level + "'; known: " + known());
        }
    }

    /** The country's word for a tier ("oblast" unless {@code level-labels} or {@code zone-levels} say otherwise). */
    public String label(ZoneLevel level) {
        return labels.get(level);
    }

    /** The level names a zones file may use, for messages: "country, oblast, raion or hromada", mapped names first. */
    public String levelNames() {
        List<String> out = new ArrayList<>(levels.keySet());
        for (ZoneLevel t : ZoneLevel.values()) out.add(t.wire());
        return String.join(", ", out.subList(0, out.size() - 1)) + " or " + out.get(out.size() - 1);
    }

    private String known() {
        List<String> out = new ArrayList<>(levels.keySet());
        for (ZoneLevel t : ZoneLevel.values()) out.add(t.wire());
        return String.join(", ", out);
    }

    private static ZoneLevel tier(String setting, String wire) {
        try {
            return ZoneLevel.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    setting + ": '" + wire.strip() + "' is not a tier; use country, oblast, raion or hromada");
        }
    }

    /** {@code a=b,c=d} → ordered map; blank → empty. */
    private static Map<String, String> pairs(String setting, String example, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1)
                throw new IllegalArgumentException(setting + " must be pairs separated by commas, e.g. " + example
                        + "; got '" + part.strip() + "'");
            out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }
}
