package org.tryvoha.delivery.webpush;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.event.Alert;
import org.tryvoha.event.EncodedEvent;

/**
 * What a push carries: the event JSON the stream sends, when it fits in one push; otherwise a short
 * form with the same field names (no geometry, no zone lists) and {@code "truncated": true}, from
 * which the page can fetch the rest ({@code GET /api/v1/alerts/{id}}).
 */
final class PushPayload {
    private PushPayload() {}

    static byte[] of(EncodedEvent e) {
        byte[] full = e.json().getBytes(StandardCharsets.UTF_8);
        if (full.length <= PushCrypto.MAX_PLAINTEXT) return full;
        Alert a = e.event().alert();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", a.id());
        alert.put("type", a.type());
        alert.put("status", a.status());
        alert.put("message", a.message());
        alert.put("issued_at", a.issuedAt());
        alert.put("expires_at", a.expiresAt());
        alert.put("ended_at", a.endedAt());
        alert.put("active", a.active());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("seq", e.seq());
        m.put("kind", e.event().kind());
        m.put("at", e.event().at());
        m.put("alert", alert);
        m.put("truncated", true);
        byte[] short_ = EncodedEvent.toJson(m).getBytes(StandardCharsets.UTF_8);
        if (short_.length <= PushCrypto.MAX_PLAINTEXT) return short_;
        alert.remove("message"); // a very long text: the page shows it after fetching the alert
        return EncodedEvent.toJson(m).getBytes(StandardCharsets.UTF_8);
    }
}
