package org.tryvoha.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert as it stands after one of its events: immutable, a snapshot carried by every event.
 *
 * @param id stable identifier (no spaces or commas, usable as a CAP identifier)
 * @param zones the target zone ids (KATOTTG codes), including those resolved from {@code area}
 * @param area the GeoJSON geometry the operator drew, or null
 * @param message text per language code ("uk", "en")
 * @param expiresAt when the alert ends by itself, or null
 * @param endedAt when it was cancelled or expired, or null while active
 * @param active false once cancelled or expired
 */
public record Alert(
        String id,
        AlertType type,
        AlertStatus status,
        List<String> zones,
        JsonNode area,
        Map<String, String> message,
        String sender,
        Instant issuedAt,
        Instant expiresAt,
        Instant updatedAt,
        Instant endedAt,
        boolean active) {

    public Alert {
        zones = List.copyOf(zones);
        message = Map.copyOf(message);
    }

    /** The same alert, ended at {@code at}. */
    public Alert ended(Instant at) {
        return new Alert(id, type, status, zones, area, message, sender, issuedAt, expiresAt, at, at, false);
    }
}
