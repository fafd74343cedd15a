package org.tryvoha.track.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.json.Json;
import org.tryvoha.track.ThreatClass;
import org.tryvoha.track.TrackReport;
import org.tryvoha.zone.ShelterConfig;

/**
 * A written scenario ({@code src/main/resources/scenarios/*.json}): threats with their true paths,
 * and how the sensors report them. See the README "Threat tracks" section for the format.
 *
 * @param reportInterval seconds between two reports of one track
 * @param noise standard deviation of the reported position's error, metres
 * @param uncertainty the position uncertainty the sensors state, metres (about 3 × noise)
 * @param seed seeds the noise, so a scenario always plays the same way
 */
public record Scenario(
        String name,
        String description,
        Instant start,
        ShelterConfig shelter,
        double reportInterval,
        double noise,
        double uncertainty,
        long seed,
        List<Threat> threats) {
    public static final List<String> BUNDLED =
            List.of("kharkiv-ballistic", "night-drone-swarm", "cruise-course-change");

    /**
     * One threat's truth: it appears at {@code launch} seconds after the start, flies the
     * {@code path} (lon/lat waypoints) at {@code speed} m/s turning no faster than 80% of its class's
     * turn rate, is first reported {@code detectAfter} seconds after launch, and its track ends at
     * the last waypoint with {@code end}. {@code apogee} (m) shapes a ballistic arc; {@code altitude} (m)
     * is reported for the others.
     */
    public record Threat(
            String id,
            ThreatClass threatClass,
            double launch,
            double speed,
            List<double[]> path,
            double detectAfter,
            double apogee,
            double altitude,
            TrackReport.End end) {}

    public static Scenario bundled(String name) throws IOException {
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            if (in == null)
                throw new IllegalArgumentException(
                        "no bundled scenario '" + name + "'; bundled: " + String.join(", ", BUNDLED));
            return parse(Json.MAPPER.readTree(in));
        }
    }

    /** A bundled scenario by name, or a scenario file by path. */
    public static Scenario load(String nameOrFile) throws IOException {
        if (nameOrFile.endsWith(".json") && Files.exists(Path.of(nameOrFile))) {
            return parse(Json.MAPPER.readTree(Files.readAllBytes(Path.of(nameOrFile))));
        }
        return bundled(nameOrFile);
    }

    static Scenario parse(JsonNode n) {
        Map<String, Integer> zone = new HashMap<>(), subtree = new HashMap<>();
        JsonNode sh = n.path("shelter_seconds");
        sh.path("zone")
                .properties()
                .forEach(e -> zone.put(e.getKey(), e.getValue().asInt()));
        sh.path("subtree")
                .properties()
                .forEach(e -> subtree.put(e.getKey(), e.getValue().asInt()));
        List<Threat> threats = new ArrayList<>();
        for (JsonNode t : n.path("threats")) {
            List<double[]> path = new ArrayList<>();
            for (JsonNode p : t.path("path"))
                path.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
            if (path.size() < 2)
                throw new IllegalArgumentException(
                        "threat " + t.path("id").asText() + ": a path needs two points or more");
            threats.add(new Threat(
                    t.path("id").asText(),
                    ThreatClass.parse(t.path("class").asText()),
                    t.path("launch_seconds").asDouble(0),
                    t.path("speed").asDouble(),
                    path,
                    t.path("detect_after_seconds").asDouble(0),
                    t.path("apogee_m").asDouble(0),
                    t.path("altitude_m").asDouble(Double.NaN),
                    TrackReport.End.parse(t.path("end").asText("landed"))));
        }
        return new Scenario(
                n.path("name").asText(),
                n.path("description").asText(),
                Instant.parse(n.path("start").asText()),
                new ShelterConfig(sh.path("default").asInt(ShelterConfig.DEFAULT_SECONDS), zone, subtree),
                n.path("report_interval_seconds").asDouble(2),
                n.path("position_noise_m").asDouble(0),
                n.path("uncertainty_m").asDouble(300),
                n.path("seed").asLong(1),
                threats);
    }
}
