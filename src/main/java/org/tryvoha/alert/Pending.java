package org.tryvoha.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.tryvoha.event.AlertType;

/**
 * A raise or update held by the two-person rule. {@code type} and {@code zones} are what approval
 * would send: for an update, the alert after it, computed from the alert as it stood when it was held
 * ({@code alertSeq}); any later change of the alert invalidates the held update, so they stay true.
 *
 * @param action raise or update
 * @param alertId the alert it raises (the id it will get) or updates
 * @param alertSeq the sequence number of the alert's latest event when it was held (0 for a raise;
 *     null for an update held before it was recorded)
 * @param currentType the alert's type when it was held (null for a raise)
 * @param currentZones the alert's zones when it was held (null for a raise)
 * @param body the request as the sender sent it (JSON)
 * @param state pending, approved, rejected, expired, failed, invalidated (the alert changed after it
 *     was held) or withdrawn (its sender's key was revoked)
 * @param note why it was rejected, failed, invalidated or withdrawn
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
        String note,
        @JsonProperty("alert_seq") Long alertSeq,
        @JsonProperty("current_type") AlertType currentType,
        @JsonProperty("current_zones") List<String> currentZones) {
    public static final String PENDING = "pending";
    public static final String INVALIDATED = "invalidated";
    public static final String WITHDRAWN = "withdrawn";

    public Pending {
        zones = List.copyOf(zones);
        currentZones = currentZones == null ? null : List.copyOf(currentZones);
    }
}
