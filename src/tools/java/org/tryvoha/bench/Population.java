package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * Where the benchmark's subscribers live: hromada ids drawn the way people are spread — many in the
 * big cities, a tail everywhere else — from the zone tree a server serves (GET /api/v1/zones).
 */
final class Population {
    static final String UA = "UA", KHARKIV_OBLAST = "UA63000000000041885";
    /** Cities and their share of subscribers nationwide; the rest are spread evenly over every hromada. */
    static final double[][] CITIES = {
        {49.9935, 36.2304, 0.20},
        {50.4501, 30.5234, 0.20},
        {48.4647, 35.0462, 0.12},
        {46.4825, 30.7233, 0.06},
        {49.8397, 24.0297, 0.05},
        {47.8388, 35.1396, 0.05}
    };

    final Map<String, String> parent = new HashMap<>();
    final List<String> hromadas = new ArrayList<>();
    final List<String> cityHromadas = new ArrayList<>();

    Population(Targets.Tryvoha server) throws Exception {
        for (JsonNode z : server.get("/api/v1/zones").path("zones")) {
            parent.put(
                    z.path("id").asText(),
                    z.path("parent").isNull() ? null : z.path("parent").asText());
            if (z.path("level").asText().equals("hromada"))
                hromadas.add(z.path("id").asText());
        }
        for (double[] c : CITIES)
            cityHromadas.add(server.get("/api/v1/zones/at?lat=" + c[0] + "&lon=" + c[1])
                    .path("zones")
                    .get(0)
                    .path("id")
                    .asText());
    }

    /** The same, from a zone tree in this process (before a server runs, e.g. to write its siren registry). */
    Population(ZoneTree tree) {
        for (Zone z : tree.all()) {
            parent.put(z.id(), z.parent() == null ? null : z.parent().id());
            if (z.level() == ZoneLevel.HROMADA) hromadas.add(z.id());
        }
        for (double[] c : CITIES)
            cityHromadas.add(tree.zonesAt(c[0], c[1]).get(0).id());
    }

    boolean inside(String zone, String ancestor) {
        for (String z = zone; z != null; z = parent.get(z)) if (z.equals(ancestor)) return true;
        return false;
    }

    /**
     * {@code n} hromada ids: for "oblast", all in Kharkiv oblast, 60% in Kharkiv city; for "national", the
     * city shares of {@link #CITIES} and the rest anywhere.
     */
    List<String> draw(String spread, int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        List<String> oblast =
                hromadas.stream().filter(h -> inside(h, KHARKIV_OBLAST)).toList();
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            if (spread.equals("oblast")) out.add(u < 0.6 ? cityHromadas.get(0) : oblast.get(r.nextInt(oblast.size())));
            else {
                String pick = null;
                for (int c = 0; c < CITIES.length && pick == null; c++) {
                    if (u < CITIES[c][2]) pick = cityHromadas.get(c);
                    else u -= CITIES[c][2];
                }
                out.add(pick != null ? pick : hromadas.get(r.nextInt(hromadas.size())));
            }
        }
        return out;
    }
}
