package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;

/** A push lives as long as its alert: the TTL ends when the alert does, never beyond push-ttl-seconds. */
class PushTtlTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    static Alert alert(Instant expires, boolean active) {
        return new Alert(
                "a1",
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("UA"),
                null,
                Map.of("en", "x"),
                "admin",
                NOW,
                expires,
                NOW,
                active ? null : NOW,
                active);
    }

    @Test
    void theTtlEndsWithTheAlert() {
        assertThat(WebPush.ttl(alert(NOW.plusSeconds(300), true), 1800, NOW)).isEqualTo(300);
        assertThat(WebPush.ttl(alert(NOW.plusSeconds(7200), true), 1800, NOW)).isEqualTo(1800);
        assertThat(WebPush.ttl(alert(NOW.minusSeconds(5), true), 1800, NOW)).isZero();
        assertThat(WebPush.ttl(alert(null, true), 1800, NOW)).as("no end").isEqualTo(1800);
        assertThat(WebPush.ttl(alert(NOW.plusSeconds(300), false), 1800, NOW))
                .as("an all-clear keeps the full TTL")
                .isEqualTo(1800);
    }
}
