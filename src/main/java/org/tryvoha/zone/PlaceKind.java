package org.tryvoha.zone;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a found place is, in the order search results rank it when they match equally well: the
 * largest cities (those in the alias table: oblast centres and cities over ~100,000 people) and
 * Kyiv and Sevastopol, then other cities (KATOTTG category M), the country, oblasts, raions and
 * hromadas, then selyshches (X), villages (C) and city districts (B). The wire form is the
 * lower-case name.
 */
public enum PlaceKind {
    MAJOR_CITY,
    CITY,
    COUNTRY,
    OBLAST,
    RAION,
    HROMADA,
    SELYSHCHE,
    VILLAGE,
    DISTRICT;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PlaceKind of(ZoneLevel level) {
        return switch (level) {
            case COUNTRY -> COUNTRY;
            case OBLAST -> OBLAST;
            case RAION -> RAION;
            case HROMADA -> HROMADA;
        };
    }

    /** From a KATOTTG category letter: K and M are cities, X selyshches, C villages, B city districts. */
    static PlaceKind ofCategory(char category) {
        return switch (category) {
            case 'K', 'M' -> CITY;
            case 'X' -> SELYSHCHE;
            case 'C' -> VILLAGE;
            case 'B' -> DISTRICT;
            default -> throw new IllegalArgumentException("not a settlement category: " + category);
        };
    }
}
