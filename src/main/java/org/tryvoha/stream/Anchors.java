package org.tryvoha.stream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** Turns a subscription's zone ids and/or point into the zones it is anchored at. */
public final class Anchors {
    /** The most zones one connection may listen to. */
    public static final int MAX_PER_CONNECTION = 100;

    private Anchors() {}

    /**
     * @param zoneIds zone ids, possibly empty
     * @param lat latitude text or null; {@code lon} likewise (both or neither)
     * @param required whether at least one zone or a point must be given
     */
    public static List<String> resolve(List<String> zoneIds, String lat, String lon, ZoneTree tree, boolean required) {
        return resolve(zoneIds, lat, lon, tree, required, MAX_PER_CONNECTION);
    }

    /** @param max the most zones one connection may listen to (setting max-zones-per-connection) */
    public static List<String> resolve(
            List<String> zoneIds, String lat, String lon, ZoneTree tree, boolean required, int max) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < zoneIds.size(); i++) {
            String id = zoneIds.get(i);
            if (tree.get(id).isPresent()) out.add(id);
            else
                errs.add(new FieldError(
                        "zone[" + i + "]",
                        "unknown zone id '" + id + "'; find ids with GET /api/v1/zones/at?lat=..&lon=.."));
        }
        if (lat != null || lon != null) {
            double[] p = point(lat, lon, errs);
            if (p != null) {
                List<Zone> at = tree.zonesAt(p[0], p[1]);
                if (at.isEmpty())
                    errs.add(new FieldError("lat", "the point " + p[0] + ", " + p[1] + " is inside no zone"));
                else out.add(at.get(0).id());
            }
        }
        if (errs.isEmpty() && required && out.isEmpty()) {
            errs.add(new FieldError("zone", "give zone=ID (repeatable) or lat=..&lon=.."));
        }
        if (out.size() > max || zoneIds.size() > max) {
            errs.add(new FieldError(
                    "zone",
                    "at most " + max + " zones per connection (max-zones-per-connection), got "
                            + Math.max(out.size(), zoneIds.size())));
        }
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        return List.copyOf(out);
    }

    /** Parses a latitude/longitude pair; adds field errors and returns null when it is not one. */
    public static double[] point(String lat, String lon, List<FieldError> errs) {
        if (lat == null || lon == null) {
            errs.add(new FieldError(lat == null ? "lat" : "lon", "give both lat and lon (decimal degrees, WGS84)"));
            return null;
        }
        Double la = number(lat), lo = number(lon);
        if (la == null || la < -90 || la > 90)
            errs.add(new FieldError("lat", "'" + lat + "' is not a latitude between -90 and 90"));
        if (lo == null || lo < -180 || lo > 180)
            errs.add(new FieldError("lon", "'" + lon + "' is not a longitude between -180 and 180"));
        return la == null
                        || lo == null
                        || errs.stream()
                                .anyMatch(e ->
                                        e.field().equals("lat") || e.field().equals("lon"))
                ? null
                : new double[] {la, lo};
    }

    private static Double number(String s) {
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
