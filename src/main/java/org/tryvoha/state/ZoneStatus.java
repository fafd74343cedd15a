package org.tryvoha.state;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertType;
import org.tryvoha.zone.Zone;

/**
 * Whether a zone is under alert now.
 *
 * @param active some alert covers the whole zone (on the zone itself or on a zone containing it)
 * @param since when the earliest covering alert began to cover it, or null
 * @param partlyAlerts when not active: how many alerts cover only part of it (a zone inside it)
 */
public record ZoneStatus(
        String zone,
        String nameUk,
        String nameEn,
        boolean active,
        Instant since,
        Set<AlertType> types,
        List<Covering> alerts,
        int partlyAlerts) {

    /** One alert covering the zone, through {@code via} (the zone itself or an ancestor). */
    public record Covering(Alert alert, String via, Instant since) {}

    static ZoneStatus of(Zone z, List<Covering> covering, int partly) {
        Set<AlertType> types = new LinkedHashSet<>();
        covering.forEach(c -> types.add(c.alert().type()));
        Instant since = covering.isEmpty() ? null : covering.get(0).since();
        return new ZoneStatus(z.id(), z.nameUk(), z.nameEn(), !covering.isEmpty(), since, types, covering, partly);
    }
}
