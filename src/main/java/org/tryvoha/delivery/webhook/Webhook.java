package org.tryvoha.delivery.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.delivery.Audience;
import org.tryvoha.event.EncodedEvent;

/**
 * A registered webhook as stored.
 *
 * @param zones the zones it wants: it gets every event that reaches one of them (an oblast alert
 *     reaches a hook for a hromada inside it)
 * @param drills whether it also gets exercise and test alerts (real ones always)
 * @param secret the HMAC-SHA256 key of its signatures
 * @param failures events in a row that failed every retry
 * @param createdBy the name of the operator who registered it
 * @param createdById that operator's id: only they or an admin may change or remove the hook (null
 *     for hooks registered before owners were kept: admins only)
 */
public record Webhook(
        String id,
        String url,
        List<String> zones,
        boolean drills,
        String secret,
        boolean enabled,
        int failures,
        String disabledReason,
        Instant createdAt,
        String createdBy,
        String createdById) {

    public Webhook {
        zones = List.copyOf(zones);
    }

    /** Whether this hook gets the event: one of its zones is reached, and drills only when asked for. */
    public boolean wants(EncodedEvent e) {
        return Audience.wants(zones, drills, e);
    }

    public Webhook withState(boolean enabled, int failures, String disabledReason) {
        return new Webhook(
                id, url, zones, drills, secret, enabled, failures, disabledReason, createdAt, createdBy, createdById);
    }

    /** The API's view: everything but the secret. */
    public Map<String, Object> view() {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", id);
        m.put("url", url);
        m.put("zones", zones);
        m.put("drills", drills);
        m.put("enabled", enabled);
        m.put("failures", failures);
        if (disabledReason != null) m.put("disabled_reason", disabledReason);
        m.put("created_at", createdAt);
        m.put("created_by", createdBy);
        return m;
    }
}
