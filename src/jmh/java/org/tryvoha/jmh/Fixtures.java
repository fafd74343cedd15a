package org.tryvoha.jmh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** The data the benchmarks share: the bundled Ukraine zone tree and one oblast-wide air-raid alert. */
final class Fixtures {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    static final String ALERT_ID = "6993d544-1c9e-4b6f-9a57-0d3c8e2f1a11";
    static final String OBLAST = "UA63000000000041885";

    private Fixtures() {}

    /** The bundled Ukraine tree with the default times to shelter (a few seconds to load). */
    static ZoneTree ukraine() {
        return ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    /** Event 42: an air raid issued for one oblast at {@link #AT}. */
    static AlertEvent oblastAlert() {
        Alert a = new Alert(
                ALERT_ID,
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of(OBLAST),
                null,
                Map.of("uk", "Повітряна тривога! Прямуйте в укриття.", "en", "Air raid alert! Go to a shelter."),
                "admin",
                AT,
                null,
                AT,
                null,
                true);
        return new AlertEvent(42, EventKind.ISSUED, AT, a, List.of());
    }
}
