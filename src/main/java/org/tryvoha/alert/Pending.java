package org.tryvoha.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.tryvoha.event.AlertType;

/**
 * A raise or update held by the two-person rule.
 *
 * @param action raise or update
 * @param alertId the alert it raises (the id it will get) or updates
 * @param body the request as the sender sent it (JSON)
 * @param state pending, approved, rejected, expired or failed
 * @param note why it was rejected or failed
 */
public record Pending(
        String id,
        String action,
        @JsonProperty("alert_id") String alertId,
        AlertType type,
        List<String> zones,
        String reason,
        @JsonIgnore String body,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("requested_by_id") String requestedById,
        @JsonProperty("requested_at") Instant requestedAt,
        @JsonProperty("timeout_at") Instant timeoutAt,
        String state,
        @JsonProperty("decided_by") String decidedBy,
        @JsonProperty("decided_at") Instant decidedAt,
        String note) {
    public static final String PENDING = "pending";

    public Pending {
        zones = List.copyOf(zones);
    }
}
