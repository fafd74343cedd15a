package org.tryvoha.cap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tryvoha.cap.CapMessage.Info;
import org.tryvoha.cap.CapMessage.Pair;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertType;

/**
 * The Tryvoha alert type of a CAP {@code <info>}: an {@code <eventCode>} with valueName {@code
 * tryvoha:type} when present; else words of {@code <event>} (Ukrainian or English); else the
 * category: CBRNE → chemical, Security or Safety → air_raid, anything else → info.
 */
final class CapTypes {
    static final String VALUE_NAME = "tryvoha:type";

    /** Words in {@code <event>} (lower case) and the type they mean, checked in this order. */
    static final List<Map.Entry<String, AlertType>> EVENT_WORDS = List.of(
            Map.entry("ballistic", AlertType.BALLISTIC_MISSILE),
            Map.entry("баліст", AlertType.BALLISTIC_MISSILE),
            Map.entry("cruise", AlertType.CRUISE_MISSILE),
            Map.entry("крилат", AlertType.CRUISE_MISSILE),
            Map.entry("drone", AlertType.DRONE),
            Map.entry("uav", AlertType.DRONE),
            Map.entry("бпла", AlertType.DRONE),
            Map.entry("shahed", AlertType.DRONE),
            Map.entry("шахед", AlertType.DRONE),
            Map.entry("guided bomb", AlertType.GUIDED_BOMB),
            Map.entry("авіабомб", AlertType.GUIDED_BOMB),
            Map.entry("artillery", AlertType.ARTILLERY),
            Map.entry("shelling", AlertType.ARTILLERY),
            Map.entry("артобстріл", AlertType.ARTILLERY),
            Map.entry("urban fight", AlertType.URBAN_FIGHTS),
            Map.entry("вуличні бої", AlertType.URBAN_FIGHTS),
            Map.entry("chemical", AlertType.CHEMICAL),
            Map.entry("хімічн", AlertType.CHEMICAL),
            Map.entry("nuclear", AlertType.NUCLEAR),
            Map.entry("radiation", AlertType.NUCLEAR),
            Map.entry("радіац", AlertType.NUCLEAR),
            Map.entry("air raid", AlertType.AIR_RAID),
            Map.entry("повітряна тривога", AlertType.AIR_RAID));

    private CapTypes() {}

    /** The explicit type of an info, or null when it has no tryvoha:type event code (errors for an unknown one). */
    static AlertType explicit(Info info, List<FieldError> errs) {
        for (Pair p : info.eventCodes()) {
            if (p.name() != null && p.name().strip().equalsIgnoreCase(VALUE_NAME)) {
                try {
                    return AlertType.parse(p.value() == null ? "" : p.value().strip());
                } catch (IllegalArgumentException e) {
                    errs.add(new FieldError(p.path(), e.getMessage()));
                    return null;
                }
            }
        }
        return null;
    }

    /** The type mapped from event words and categories. */
    static AlertType mapped(Info info) {
        String event = info.event() == null ? "" : info.event().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, AlertType> w : EVENT_WORDS) if (event.contains(w.getKey())) return w.getValue();
        if (info.categories().contains("CBRNE")) return AlertType.CHEMICAL;
        if (info.categories().contains("Security") || info.categories().contains("Safety")) return AlertType.AIR_RAID;
        return AlertType.INFO;
    }

    /** The CAP category Tryvoha exports for a type. */
    static String category(AlertType t) {
        return switch (t) {
            case CHEMICAL, NUCLEAR -> "CBRNE";
            case INFO -> "Other";
            default -> "Security";
        };
    }
}
