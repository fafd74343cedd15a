package org.tryvoha.shelter;

/**
 * One shelter point.
 *
 * @param id stable within its file (the file's id, or {@code line-N} for CSV rows)
 * @param address street address or name, as the source gives it
 * @param kind the kind of place (basement, underground parking, metro station, …), as given
 * @param category the protection category (e.g. simplest shelter, dual-use), as given, or null
 * @param stepFree whether there is step-free access (a ramp); null when the source does not say
 */
public record Shelter(
        String id, String address, double lat, double lon, String kind, String category, Boolean stepFree) {}
