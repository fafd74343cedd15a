package org.tryvoha.shelter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.zone.ZoneTree;

/**
 * Shelter points in a JTS STRtree, answering "the nearest k to a point" by great-circle distance.
 * Immutable after construction; safe to query from any thread.
 */
public final class ShelterIndex {
    /** An ordinary walking pace (m/s) used for walking times; stated in docs/web.md and the API answer. */
    public static final double WALKING_SPEED_MPS = 1.2;
    /** Shelters farther than this are not "near". */
    public static final double MAX_DISTANCE_M = 50_000;

    public static final String BUNDLED = "/shelters/kyiv_shelters_2022.csv";
    /** A point in Kyiv (lat, lon): zones that do not hold it are not the bundled sample's country. */
    private static final double[] BUNDLED_AT = {50.4501, 30.5234};

    private static final Logger log = LoggerFactory.getLogger(ShelterIndex.class);
    private static final double EARTH_M = 6_371_008.8;

    private final STRtree tree = new STRtree();
    private final int size;
    private final String source;

    /** A shelter and its straight-line distance from the query point. */
    public record Near(Shelter shelter, double distanceM) {
        /** Seconds to walk the straight-line distance at {@link #WALKING_SPEED_MPS}, rounded up. */
        public long walkSeconds() {
            return (long) Math.ceil(distanceM / WALKING_SPEED_MPS);
        }
    }

    public ShelterIndex(List<Shelter> shelters, String source) {
        for (Shelter s : shelters) tree.insert(new Envelope(s.lon(), s.lon(), s.lat(), s.lat()), s);
        tree.build();
        this.size = shelters.size();
        this.source = source;
    }

    public static ShelterIndex empty() {
        return new ShelterIndex(List.of(), "none");
    }

    /**
     * Loads the configured file: null means the bundled sample, "none" (or blank) means no shelters.
     * Rows outside every zone of {@code zones} are refused as bad coordinates. The bundled Kyiv
     * sample is left out, with one log line, when the zones are another country's.
     */
    public static ShelterIndex load(String file, ZoneTree zones) throws IOException {
        if (file != null && (file.isBlank() || "none".equalsIgnoreCase(file.strip()))) return empty();
        ShelterLoader.Bounds inside = (lat, lon) -> !zones.zonesAt(lat, lon).isEmpty();
        if (file == null && zones.zonesAt(BUNDLED_AT[0], BUNDLED_AT[1]).isEmpty()) {
            log.info("no shelters: the bundled Kyiv sample lies outside these zones; set shelters-file for yours");
            return empty();
        }
        if (file == null) {
            try (InputStream in = ShelterIndex.class.getResourceAsStream(BUNDLED)) {
                if (in == null) throw new IOException("missing resource " + BUNDLED);
                return new ShelterIndex(
                        ShelterLoader.load(in, "kyiv_shelters_2022.csv", inside).shelters(),
                        "bundled Kyiv sample (KMDA open data, 2022)");
            }
        }
        Path p = Path.of(file);
        try (InputStream in = Files.newInputStream(p)) {
            return new ShelterIndex(
                    ShelterLoader.load(in, p.getFileName().toString(), inside).shelters(),
                    p.getFileName().toString());
        }
    }

    public int size() {
        return size;
    }

    public String source() {
        return source;
    }

    /**
     * The {@code k} nearest shelters within {@link #MAX_DISTANCE_M}, nearest first. Exact: the search
     * box grows until it holds k shelters within its inscribed radius.
     */
    public List<Near> nearest(double lat, double lon, int k) {
        if (size == 0 || k <= 0) return List.of();
        for (double r = 500; ; r *= 2) {
            double radius = Math.min(r, MAX_DISTANCE_M);
            List<Near> found = within(lat, lon, radius);
            if (found.size() >= k || radius >= MAX_DISTANCE_M) return found.subList(0, Math.min(k, found.size()));
        }
    }

    /** Shelters inside a box (for the map), at most {@code limit}. */
    @SuppressWarnings("unchecked")
    public List<Shelter> inBox(double minLon, double minLat, double maxLon, double maxLat, int limit) {
        List<Shelter> hits = tree.query(new Envelope(minLon, maxLon, minLat, maxLat));
        return hits.size() <= limit ? hits : hits.subList(0, limit);
    }

    @SuppressWarnings("unchecked")
    private List<Near> within(double lat, double lon, double radiusM) {
        double dLat = Math.toDegrees(radiusM / EARTH_M);
        double cos = Math.max(Math.cos(Math.toRadians(Math.min(89, Math.abs(lat) + dLat))), 1e-6);
        double dLon = Math.min(180, dLat / cos);
        List<Shelter> hits = tree.query(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat));
        List<Near> out = new ArrayList<>();
        for (Shelter s : hits) {
            double d = distanceM(lat, lon, s.lat(), s.lon());
            if (d <= radiusM) out.add(new Near(s, d));
        }
        out.sort(Comparator.comparingDouble(Near::distanceM));
        return out;
    }

    /** Great-circle (haversine) distance in metres. */
    public static double distanceM(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
