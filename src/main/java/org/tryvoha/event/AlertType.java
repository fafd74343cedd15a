package org.tryvoha.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the threat is. The wire name is the lower-case constant name, e.g. {@code air_raid}. */
public enum AlertType {
    AIR_RAID("Повітряна тривога", "Air raid alert"),
    BALLISTIC_MISSILE("Загроза балістичних ракет", "Ballistic missile threat"),
    CRUISE_MISSILE("Загроза крилатих ракет", "Cruise missile threat"),
    DRONE("Загроза ударних БпЛА", "Attack drone threat"),
    GUIDED_BOMB("Загроза керованих авіабомб", "Guided aerial bomb threat"),
    ARTILLERY("Загроза артобстрілу", "Artillery shelling threat"),
    URBAN_FIGHTS("Вуличні бої", "Urban fighting"),
    CHEMICAL("Хімічна загроза", "Chemical threat"),
    NUCLEAR("Радіаційна загроза", "Nuclear threat"),
    INFO("Інформаційне повідомлення", "Information"),
    /** A pre-alert from threat tracks: threats are expected within minutes; not yet the alert. */
    EARLY_WARNING("Очікується загроза", "Threat expected");

    public final String titleUk;
    public final String titleEn;

    AlertType(String titleUk, String titleEn) {
        this.titleUk = titleUk;
        this.titleEn = titleEn;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws IllegalArgumentException naming the allowed values. */
    @JsonCreator
    public static AlertType parse(String s) {
        for (AlertType t : values()) if (t.wire().equals(s)) return t;
        throw new IllegalArgumentException("unknown alert type '" + s + "'; one of: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(AlertType::wire).collect(Collectors.joining(", "));
    }
}
