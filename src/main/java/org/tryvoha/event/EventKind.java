package org.tryvoha.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The four things that can happen to an alert. Every one is an immutable event in the log. */
public enum EventKind {
    ISSUED,
    UPDATED,
    CANCELLED,
    EXPIRED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind parse(String s) {
        for (EventKind t : values()) if (t.wire().equals(s)) return t;
        throw new IllegalArgumentException("unknown event kind '" + s + "'");
    }

    /** True when the alert is over after this event. */
    public boolean ends() {
        return this == CANCELLED || this == EXPIRED;
    }
}
