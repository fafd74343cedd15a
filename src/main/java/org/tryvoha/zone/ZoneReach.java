package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which zones an alert on a zone touches: the zone, every zone containing it and every zone inside
 * it. A subscriber anchored at any of those hears of the alert. Cached per zone; thread-safe.
 */
public final class ZoneReach {
    private final ZoneTree tree;
    private final ConcurrentHashMap<String, Set<String>> cache = new ConcurrentHashMap<>();

    public ZoneReach(ZoneTree tree) {
        this.tree = tree;
    }

    public ZoneTree tree() {
        return tree;
    }

    /** The zone, its ancestors and its descendants; empty for an unknown id. */
    public Set<String> of(String zoneId) {
        return cache.computeIfAbsent(
                zoneId,
                id -> tree.get(id)
                        .map(z -> {
                            Set<String> s = new HashSet<>();
                            for (Zone a = z; a != null; a = a.parent()) s.add(a.id());
                            tree.descendants(z).forEach(d -> s.add(d.id()));
                            return Set.copyOf(s);
                        })
                        .orElse(Set.of()));
    }

    /** The union of {@link #of} over several zones, as an array for allocation-free iteration. */
    public String[] ofAll(Collection<String> zoneIds) {
        if (zoneIds.size() == 1) return of(zoneIds.iterator().next()).toArray(String[]::new);
        Set<String> s = new HashSet<>();
        for (String id : zoneIds) s.addAll(of(id));
        return s.toArray(String[]::new);
    }

    /** True when an event on {@code eventZones} concerns a subscriber anchored at {@code anchors}. */
    public boolean touches(Collection<String> eventZones, Collection<String> anchors) {
        for (String a : anchors) {
            Set<String> r = of(a);
            for (String z : eventZones) if (r.contains(z)) return true;
        }
        return false;
    }

    public static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String s : b) if (!out.contains(s)) out.add(s);
        return out;
    }
}
