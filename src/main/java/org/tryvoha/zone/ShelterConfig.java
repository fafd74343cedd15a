package org.tryvoha.zone;

import java.util.Map;

/**
 * Time to shelter per zone, in seconds.
 *
 * <p>A zone's time is, in order: its {@code perZone} entry (that zone only); else the entry in
 * {@code perSubtree} of the deepest zone on its chain (the zone itself or an ancestor); else
 * {@code defaultSeconds}.
 */
public record ShelterConfig(
    int defaultSeconds, Map<String, Integer> perZone, Map<String, Integer> perSubtree) {
  public static final int DEFAULT_SECONDS = 90;

  public ShelterConfig {
    if (defaultSeconds <= 0) throw new IllegalArgumentException("defaultSeconds must be > 0");
    perZone = Map.copyOf(perZone);
    perSubtree = Map.copyOf(perSubtree);
  }

  public static ShelterConfig defaults() {
    return new ShelterConfig(DEFAULT_SECONDS, Map.of(), Map.of());
  }

  int secondsFor(Zone zone) {
    Integer exact = perZone.get(zone.id());
    if (exact != null) return exact;
    for (Zone z = zone; z != null; z = z.parent()) {
      Integer sub = perSubtree.get(z.id());
      if (sub != null) return sub;
    }
    return defaultSeconds;
  }
}
