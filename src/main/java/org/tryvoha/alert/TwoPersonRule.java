package org.tryvoha.alert;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tryvoha.event.AlertType;
import org.tryvoha.zone.CountrySettings;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * Which alerts need a second person: those reaching more than {@code maxOblasts} regions (a
 * country-level target reaches them all), and every alert of a type in {@code types}. A region is a
 * zone of the tier {@link CountrySettings#regionLevel()} of the tree's country ({@code
 * two-person-region-level}, oblast by default).
 */
public final class TwoPersonRule {
    private final ZoneTree tree;
    private final int maxOblasts;
    private final Set<AlertType> types;
    private final ZoneLevel region;

    public TwoPersonRule(ZoneTree tree, int maxOblasts, Set<AlertType> types) {
        this.tree = tree;
        this.region = tree.country().regionLevel();
        this.maxOblasts = maxOblasts;
        this.types = Set.copyOf(types);
    }

    /** Why an alert of this type for these zones must wait for approval; empty when it need not. */
    public Optional<String> reason(AlertType type, Collection<String> zones) {
        if (types.contains(type)) return Optional.of("alert type " + type.wire() + " always needs a second person");
        Set<String> oblasts = oblasts(zones);
        if (oblasts.size() > maxOblasts) {
            return Optional.of("the alert reaches " + oblasts.size() + " " + regions() + ", more than " + maxOblasts
                    + " without a second person");
        }
        return Optional.empty();
    }

    /** "oblasts" for a tier called by its own name, else "regions (Land)" with the country's word. */
    private String regions() {
        String label = tree.country().label(region);
        return label.equals(region.wire()) ? label + "s" : "regions (" + label + ")";
    }

    /**
     * The region-level zones these targets touch; a target above the region tier counts every region
     * below it, one below counts the region holding it.
     */
    public Set<String> oblasts(Collection<String> zones) {
        Set<String> out = new TreeSet<>();
        for (String id : zones) {
            Zone z = tree.get(id).orElse(null);
            if (z == null) continue;
            if (z.level().compareTo(region) < 0) {
                tree.descendants(z).stream().filter(d -> d.level() == region).forEach(d -> out.add(d.id()));
                continue;
            }
            while (z.parent() != null && z.level() != region) z = z.parent();
            out.add(z.id());
        }
        return out;
    }
}
