package org.tryvoha.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.tryvoha.zone.CountrySettings;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * What the pages need to know about the country, for {@code /api/v1/web/config}: the map's first
 * view (the loaded zones' bounds, so it follows any zones file), the statistics time zone, the
 * languages and the country's words for the zone tiers.
 */
final class CountryView {
    private CountryView() {}

    static Map<String, Object> of(ZoneTree tree) {
        CountrySettings country = tree.country();
        Envelope e = tree.root().geometry().getEnvelopeInternal();
        Map<String, Object> out = new LinkedHashMap<>();
        // Leaflet's order: [[south, west], [north, east]]
        out.put("map_bounds", List.of(List.of(e.getMinY(), e.getMinX()), List.of(e.getMaxY(), e.getMaxX())));
        out.put("root_zone", tree.root().id());
        out.put("time_zone", country.timeZone().getId());
        out.put("languages", country.languages());
        Map<String, String> labels = new LinkedHashMap<>();
        for (ZoneLevel l : ZoneLevel.values()) labels.put(l.wire(), country.label(l));
        out.put("level_labels", labels);
        return out;
    }
}
