package org.tryvoha.zone;

/**
 * A place found by name: a settlement (with the zone it lies in) or a zone itself.
 *
 * @param nameUk the official Ukrainian name
 * @param nameEn its KMU-2010 romanisation (for a zone, the zone's Latin name)
 * @param kind what it is; ranks the results
 * @param zone the zone that holds it (its hromada, or the deepest zone the tree has there)
 * @param matched the name the query matched: the official one, its romanisation, or another name
 *     (a Russian-language or former name)
 */
public record Place(String nameUk, String nameEn, PlaceKind kind, Zone zone, String matched) {}
