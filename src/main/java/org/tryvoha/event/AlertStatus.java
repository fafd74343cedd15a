package org.tryvoha.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** CAP-style status: a real alert, a drill (never sounds a real siren), or a technical test. */
public enum AlertStatus {
    ACTUAL,
    EXERCISE,
    TEST;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertStatus parse(String s) {
        for (AlertStatus t : values()) if (t.wire().equals(s)) return t;
        throw new IllegalArgumentException("unknown status '" + s + "'; one of: actual, exercise, test");
    }
}
