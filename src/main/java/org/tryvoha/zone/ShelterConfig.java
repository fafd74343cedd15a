package org.tryvoha.zone;

import java.util.HashMap;
import java.util.Map;
import org.tryvoha.config.Config;

/**
 * Time to shelter per zone, in seconds.
 *
 * <p>A zone's time is, in order: its {@code perZone} entry (that zone only); else the {@code
 * shelter_seconds} property of its feature in the zones file; else the entry in {@code perSubtree}
 * of the deepest zone on its chain (the zone itself or an ancestor); else {@code defaultSeconds}.
 * Every time is 1..3600 seconds.
 */
public record ShelterConfig(int defaultSeconds, Map<String, Integer> perZone, Map<String, Integer> perSubtree) {
    public static final int DEFAULT_SECONDS = 90;
    public static final int MAX_SECONDS = 3600;

    public ShelterConfig {
        if (defaultSeconds <= 0) throw new IllegalArgumentException("defaultSeconds must be > 0");
        check("shelter-seconds.zone.", perZone);
        check("shelter-seconds.subtree.", perSubtree);
        perZone = Map.copyOf(perZone);
        perSubtree = Map.copyOf(perSubtree);
    }

    /**
     * From the settings: {@code shelter-seconds} (default {@value #DEFAULT_SECONDS}), and in the config
     * file {@code shelter-seconds.zone.<ID>} for one zone and {@code shelter-seconds.subtree.<ID>} for a
     * zone and everything inside it.
     */
    public static ShelterConfig from(Config.Source s) {
        return new ShelterConfig(
                s.number("shelter-seconds", DEFAULT_SECONDS, 1, MAX_SECONDS),
                seconds(s, "shelter-seconds.zone."),
                seconds(s, "shelter-seconds.subtree."));
    }

    private static void check(String prefix, Map<String, Integer> seconds) {
        seconds.forEach((zone, v) -> {
            if (v == null || v < 1 || v > MAX_SECONDS)
                throw new IllegalArgumentException(prefix + zone + " must be 1.." + MAX_SECONDS + " seconds; got " + v);
        });
    }

    private static Map<String, Integer> seconds(Config.Source s, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        s.prefixed(prefix).forEach((zone, v) -> out.put(zone, s.integer(prefix + zone, v)));
        return out;
    }

    public static ShelterConfig defaults() {
        return new ShelterConfig(DEFAULT_SECONDS, Map.of(), Map.of());
    }

    int secondsFor(Zone zone) {
        Integer exact = perZone.get(zone.id());
        if (exact != null) return exact;
        if (zone.ownShelterSeconds() != null) return zone.ownShelterSeconds();
        for (Zone z = zone; z != null; z = z.parent()) {
            Integer sub = perSubtree.get(z.id());
            if (sub != null) return sub;
        }
        return defaultSeconds;
    }
}
