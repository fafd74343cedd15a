package org.tryvoha.delivery;

import java.util.Collection;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.EncodedEvent;

/** Who gets an event, for the channels whose subscribers name zones (webhooks, Web Push). */
public final class Audience {
    private Audience() {}

    /**
     * Whether a subscriber of {@code zones} gets the event: it reaches one of them (an oblast alert
     * reaches a subscriber of a hromada inside it), and exercise or test alerts only when it asked
     * for {@code drills}.
     */
    public static boolean wants(Collection<String> zones, boolean drills, EncodedEvent e) {
        if (!admits(e, drills)) return false;
        for (String z : e.reach()) if (zones.contains(z)) return true;
        return false;
    }

    /** Real alerts go to everyone; exercise and test alerts only to those who asked for drills. */
    public static boolean admits(EncodedEvent e, boolean drills) {
        return drills || e.event().alert().status() == AlertStatus.ACTUAL;
    }
}
