package org.tryvoha.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tryvoha.event.AlertType;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The zones and alert types an operator may act on. A scope zone covers itself and every zone
 * below it (an oblast covers its raions and hromadas). Null means unrestricted.
 */
public record Scope(Set<String> zones, Set<AlertType> types) {
    public static final String ALL = "*";
    public static final Scope EVERYTHING = new Scope(null, null);

    public Scope {
        zones = zones == null ? null : Set.copyOf(zones);
        types = types == null ? null : Set.copyOf(types);
    }

    /**
     * Parses the stored or given form: comma-separated zone ids or '*', comma-separated alert types
     * or '*'. Throws IllegalArgumentException naming an unknown zone or type.
     */
    public static Scope parse(Collection<String> zoneIds, Collection<String> typeNames, ZoneTree tree) {
        Set<String> zones = null;
        if (zoneIds != null && !zoneIds.contains(ALL)) {
            zones = new LinkedHashSet<>();
            for (String z : zoneIds) {
                if (tree.get(z).isEmpty())
                    throw new IllegalArgumentException(
                            "unknown zone id '" + z + "'; find ids with GET /api/v1/zones/search?q=..");
                zones.add(z);
            }
            if (zones.isEmpty()) throw new IllegalArgumentException("a scope needs at least one zone, or '*' for all");
        }
        Set<AlertType> types = null;
        if (typeNames != null && !typeNames.contains(ALL)) {
            types = new LinkedHashSet<>();
            for (String t : typeNames) types.add(AlertType.parse(t));
            if (types.isEmpty())
                throw new IllegalArgumentException("a scope needs at least one alert type, or '*' for all");
        }
        return new Scope(zones, types);
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split(",")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    /** The targets neither in nor below a scope zone. */
    public List<String> zonesOutside(Collection<String> targets, ZoneTree tree) {
        if (zones == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String id : targets) {
            boolean covered = false;
            for (Zone z = tree.get(id).orElse(null); z != null && !covered; z = z.parent())
                covered = zones.contains(z.id());
            if (!covered) out.add(id);
        }
        return out;
    }

    public List<AlertType> typesOutside(Collection<AlertType> asked) {
        if (types == null) return List.of();
        return asked.stream().filter(t -> !types.contains(t)).distinct().toList();
    }

    /** Whether this scope holds every zone and type of {@code other}. */
    public boolean covers(Scope other, ZoneTree tree) {
        if (other.zones == null
                ? zones != null
                : !zonesOutside(other.zones, tree).isEmpty()) return false;
        return other.types == null ? types == null : typesOutside(other.types).isEmpty();
    }

    public String zonesText() {
        return zones == null ? ALL : String.join(",", zones);
    }

    public String typesText() {
        return types == null
                ? ALL
                : types.stream().map(AlertType::wire).sorted().collect(Collectors.joining(","));
    }
}
