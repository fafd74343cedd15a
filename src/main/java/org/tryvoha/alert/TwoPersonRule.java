package org.tryvoha.alert;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tryvoha.event.AlertType;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * Which alerts need a second person: those reaching more than {@code maxOblasts} oblasts (a
 * country-level target reaches them all), and every alert of a type in {@code types}.
 */
public final class TwoPersonRule {
    private final ZoneTree tree;
    private final int maxOblasts;
    private final Set<AlertType> types;

    public TwoPersonRule(ZoneTree tree, int maxOblasts, Set<AlertType> types) {
        this.tree = tree;
        this.maxOblasts = maxOblasts;
        this.types = Set.copyOf(types);
    }

    /** Why an alert of this type for these zones must wait for approval; empty when it need not. */
    public Optional<String> reason(AlertType type, Collection<String> zones) {
        if (types.contains(type)) return Optional.of("alert type " + type.wire() + " always needs a second person");
        Set<String> oblasts = oblasts(zones);
        if (oblasts.size() > maxOblasts) {
            return Optional.of("the alert reaches " + oblasts.size() + " oblasts, more than " + maxOblasts
                    + " without a second person");
        }
        return Optional.empty();
    }

    /** The oblast-level zones these targets touch. */
    public Set<String> oblasts(Collection<String> zones) {
        Set<String> out = new TreeSet<>();
        for (String id : zones) {
            Zone z = tree.get(id).orElse(null);
            if (z == null) continue;
            if (z.level() == ZoneLevel.COUNTRY) {
                tree.descendants(z).stream()
                        .filter(d -> d.level() == ZoneLevel.OBLAST)
                        .forEach(d -> out.add(d.id()));
                continue;
            }
            while (z.parent() != null && z.level() != ZoneLevel.OBLAST) z = z.parent();
            out.add(z.id());
        }
        return out;
    }
}
