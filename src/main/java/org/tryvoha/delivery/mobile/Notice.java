package org.tryvoha.delivery.mobile;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EncodedEvent;

/** What a phone shows for an event: a title and body (Ukrainian, then English), and how hard it may interrupt. */
record Notice(String title, String body, boolean critical, Map<String, String> data) {
    /** Threats to life within minutes: these break through silent mode (APNs {@code critical}). */
    static final Set<AlertType> CRITICAL = EnumSet.of(
            AlertType.AIR_RAID,
            AlertType.BALLISTIC_MISSILE,
            AlertType.CRUISE_MISSILE,
            AlertType.DRONE,
            AlertType.GUIDED_BOMB,
            AlertType.ARTILLERY,
            AlertType.URBAN_FIGHTS,
            AlertType.CHEMICAL,
            AlertType.NUCLEAR);

    static Notice of(EncodedEvent e) {
        Alert a = e.event().alert();
        boolean drill = a.status() != AlertStatus.ACTUAL;
        boolean ends = e.event().kind().ends();
        String title = ends
                ? "Відбій: " + a.type().titleUk + " / All clear: " + a.type().titleEn
                : a.type().titleUk + " / " + a.type().titleEn;
        if (drill) title = "НАВЧАННЯ / DRILL — " + title;
        String body = a.message() == null ? "" : String.join(" / ", a.message().values());
        Map<String, String> data = new LinkedHashMap<>();
        data.put("seq", Long.toString(e.seq()));
        data.put("kind", e.event().kind().wire());
        data.put("alert_id", a.id());
        data.put("type", a.type().wire());
        data.put("status", a.status().wire());
        data.put("zones", String.join(",", a.zones()));
        data.put("at", e.event().at().toString());
        if (a.expiresAt() != null) data.put("expires_at", a.expiresAt().toString());
        boolean critical = !drill && !ends && CRITICAL.contains(a.type());
        return new Notice(title, body, critical, data);
    }

    /** APNs {@code interruption-level}: {@code critical} for a new threat to life, {@code time-sensitive} otherwise. */
    String interruptionLevel() {
        return critical ? "critical" : "time-sensitive";
    }
}
