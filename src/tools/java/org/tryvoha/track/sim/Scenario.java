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
 * @param noise standard deviation of the reported position's error (and altitude's), metres
 * @param uncertainty the position uncertainty the sensors state, metres (about 3 × noise)
 * @param velocityNoise standard deviation of each reported velocity component's error, m/s; NaN:
 *     1% of the threat's speed
 * @param velocityUncertainty the velocity uncertainty the sensors state, m/s; NaN: none stated
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
        double velocityNoise,
        double velocityUncertainty,
        long seed,
        List<Threat> threats) {
    public static final List<String> BUNDLED = List.of(
            "kharkiv-ballistic",
            "night-drone-swarm",
            "cruise-course-change",
            "short-range-rocket",
            "ballistic-boost-300km",
            "guided-bomb-glide",
            "coastal-drone-swarm",
            "low-cruise-gaps",
            "drone-track-lost");

    /**
     * One threat's truth: it appears at {@code launch} seconds after the start, flies the
     * {@code path} (lon/lat waypoints) at {@code speed} m/s turning no faster than 80% of its class's
     * turn rate, is first reported {@code detectAfter} seconds after launch, and its track ends at
     * the last waypoint with {@code end} (null: the reports just stop, and the engine must find the track
     * lost). {@code altitude} (m) is flown and reported (a guided bomb glides down from it to the
     * ground at the end of its path). A ballistic threat is launched from the first point toward the
     * last at {@code loftDeg} above the horizon, thrusting for {@code boostSeconds} (0: it leaves the
     * launcher at its full speed), with the true ballistic coefficient {@code beta} (kg/m²); the
     * simulator finds the thrust (or launch speed) and aim that put it on the last point. No reports
     * come within {@code gaps} ({from, to} seconds after launch).
     */
    public record Threat(
            String id,
            ThreatClass threatClass,
            double launch,
            double speed,
            List<double[]> path,
            double detectAfter,
            double altitude,
            TrackReport.End end,
            double loftDeg,
            double boostSeconds,
            double beta,
            List<double[]> gaps) {}

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
            List<double[]> gaps = new ArrayList<>();
            for (JsonNode g : t.path("gaps_seconds"))
                gaps.add(new double[] {g.get(0).asDouble(), g.get(1).asDouble()});
            ThreatClass cls = ThreatClass.parse(t.path("class").asText());
            String end = t.path("end").asText("landed");
            threats.add(new Threat(
                    t.path("id").asText(),
                    cls,
                    t.path("launch_seconds").asDouble(0),
                    t.path("speed").asDouble(),
                    path,
                    t.path("detect_after_seconds").asDouble(0),
                    t.path("altitude_m").asDouble(Double.NaN),
                    end.equals("none") ? null : TrackReport.End.parse(end),
                    t.path("loft_deg").asDouble(45),
                    t.path("boost_seconds").asDouble(0),
                    t.path("ballistic_coefficient").asDouble(cls.ballisticCoefficient),
                    gaps));
        }
        return new Scenario(
                n.path("name").asText(),
                n.path("description").asText(),
                Instant.parse(n.path("start").asText()),
                new ShelterConfig(sh.path("default").asInt(ShelterConfig.DEFAULT_SECONDS), zone, subtree),
                n.path("report_interval_seconds").asDouble(2),
                n.path("position_noise_m").asDouble(0),
                n.path("uncertainty_m").asDouble(300),
                n.path("velocity_noise_m_s").asDouble(Double.NaN),
                n.path("velocity_uncertainty_m_s").asDouble(Double.NaN),
                n.path("seed").asLong(1),
                threats);
    }
}
