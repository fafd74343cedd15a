package org.tryvoha.delivery.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ZoneTree;

/**
 * Loads the siren registry from a JSON file: an array (or {@code {"sirens": [...]}}) of
 * {@code {"id", "zone", "name"?, "lat"?, "lon"?}}. The registry lives in this file, not in the
 * database; the sirens' live state (last seen, acknowledgements) is kept in memory only.
 */
public final class SirenRegistry {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** One siren: its id (a topic level), the zone it sounds for, and where it stands. */
    public record Siren(String id, String zone, String name, Double lat, Double lon) {}

    private SirenRegistry() {}

    public static List<Siren> load(String file, ZoneTree tree) {
        if (file == null || file.isBlank() || file.equals("none")) return List.of();
        try {
            return parse(Json.MAPPER.readTree(Files.readAllBytes(Path.of(file))), tree, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read sirens-file " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Siren> parse(JsonNode root, ZoneTree tree, String source) {
        JsonNode list = root.isArray() ? root : root.path("sirens");
        if (!list.isArray()) throw new IllegalArgumentException(source + ": expected a JSON array of sirens");
        List<Siren> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode n : list) {
            String id = n.path("id").asText(null), zone = n.path("zone").asText(null);
            if (id == null || !ID.matcher(id).matches())
                throw new IllegalArgumentException(source + ": siren id must match " + ID + ", got " + id);
            if (!seen.add(id)) throw new IllegalArgumentException(source + ": duplicate siren id " + id);
            if (zone == null || tree.get(zone).isEmpty())
                throw new IllegalArgumentException(source + ": siren " + id + " has unknown zone " + zone);
            out.add(new Siren(
                    id,
                    zone,
                    n.path("name").asText(id),
                    n.hasNonNull("lat") ? n.get("lat").asDouble() : null,
                    n.hasNonNull("lon") ? n.get("lon").asDouble() : null));
        }
        return List.copyOf(out);
    }
}
