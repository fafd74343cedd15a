package org.tryvoha.zone;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Depth of a zone in the tree, root first. The wire form is the lower-case name. */
public enum ZoneLevel {
    COUNTRY,
    OBLAST,
    RAION,
    HROMADA;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level named by its wire form ("oblast"), case-insensitive. */
    public static ZoneLevel fromWire(String wire) {
        return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
}
