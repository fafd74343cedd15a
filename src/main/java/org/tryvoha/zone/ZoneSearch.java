package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Name search for zones: the zones of the best-ranked {@link PlaceIndex} matches, each once, so a
 * settlement's name finds the hromada it lies in ("Кривий Ріг" → Криворізька громада, "Odessa" →
 * Одеська громада) and a zone's own name finds the zone. Immutable and thread-safe.
 */
final class ZoneSearch {
    private final PlaceIndex places;

    ZoneSearch(PlaceIndex places) {
        this.places = places;
    }

    List<Zone> search(String query, int limit) {
        if (limit <= 0) return List.of();
        Set<Zone> out = new LinkedHashSet<>();
        // a place's zone may repeat (a hromada and its villages): ask for more until enough distinct zones
        for (int ask = limit * 4; ; ask *= 4) {
            List<Place> found = places.search(query, ask);
            out.clear();
            for (Place p : found) {
                out.add(p.zone());
                if (out.size() == limit) return new ArrayList<>(out);
            }
            if (found.size() < ask) return new ArrayList<>(out);
        }
    }
}
