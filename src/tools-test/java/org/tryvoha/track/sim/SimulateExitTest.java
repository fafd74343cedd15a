package org.tryvoha.track.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.tools.ToolsCommand;
import picocli.CommandLine;

/**
 * {@code tracks simulate} fails the run (exit 1, saying why on stderr) when a reached zone was not
 * warned, when one was warned late although the first report came in time, and when a scenario
 * reaches no zone of the loaded geography; it plays on any zones file and config.
 */
class SimulateExitTest {
    @TempDir
    Path dir;

    /** One drone, 17 km across the north-east of Kharkiv, reported every 5 s. */
    private Path scenario() throws IOException {
        Path f = dir.resolve("one-drone.json");
        Files.writeString(f, """
                {"name": "one-drone", "description": "one drone", "start": "2026-11-25T01:00:00Z",
                 "shelter_seconds": {"default": 90}, "report_interval_seconds": 5, "position_noise_m": 100,
                 "uncertainty_m": 300, "seed": 5,
                 "threats": [{"id": "d", "class": "drone", "speed": 50, "altitude_m": 200,
                              "path": [[36.60, 50.10], [36.40, 50.00]], "end": "destroyed"}]}
                """);
        return f;
    }

    /** A country of one region of four square zones, spanning {@code lon0..lon0+0.6} × {@code lat0..lat0+0.5}. */
    private Path zones(double lon0, double lat0) throws IOException {
        StringBuilder b = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [");
        b.append(feature("X", "country", null, lon0, lat0, 0.6, 0.5)).append(',');
        b.append(feature("X1", "oblast", "X", lon0, lat0, 0.6, 0.5));
        for (int i = 0; i < 4; i++)
            b.append(',')
                    .append(feature(
                            "X1-" + i, "hromada", "X1", lon0 + (i % 2) * 0.3, lat0 + (i / 2) * 0.25, 0.3, 0.25));
        Path f = dir.resolve("zones-" + lon0 + ".geojson");
        Files.writeString(f, b.append("]}").toString());
        return f;
    }

    private static String feature(String id, String level, String parent, double x, double y, double w, double h) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"type\": \"Feature\", \"properties\": {\"id\": \"%s\", \"level\": \"%s\", \"name_en\": \"%s\"%s},"
                        + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[%f, %f], [%f, %f], [%f, %f], [%f, %f], [%f, %f]]]}}",
                id,
                level,
                id,
                parent == null ? "" : ", \"parent\": \"" + parent + "\"",
                x,
                y,
                x + w,
                y,
                x + w,
                y + h,
                x,
                y + h,
                x,
                y);
    }

    private record Run(int code, String out, String err) {}

    private static Run simulate(String... args) {
        CommandLine cl = ToolsCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("tracks", "simulate"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aScenarioWarnedInTimeExitsZero() throws Exception {
        Run r = simulate(scenario().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("| one-drone |").contains("100%");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void zonesNotWarnedBeforeTheThreatArrivesFailTheRun() throws Exception {
        Run r = simulate("--margin-seconds", "-200", scenario().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("one-drone: recall").contains("were not warned before the threat arrived");
    }

    @Test
    void aWarningShorterThanTheTimeToShelterFailsTheRun() throws Exception {
        // warned about 30 s before arrival, against 90 s to shelter: warned, but late
        Run r = simulate("--margin-seconds", "-60", scenario().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("warned less than delivery + shelter before arrival");
    }

    @Test
    void aScenarioThatReachesNoZoneOfTheLoadedGeographyFailsTheRun() throws Exception {
        Run r = simulate(
                "--zones-file", zones(10.0, 10.0).toString(), scenario().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("one-drone: reaches no zone of the loaded geography");
    }

    @Test
    void itPlaysOnAnyZonesFileAndTakesTheTrackSettingsOfAConfigFile() throws Exception {
        Path zones = zones(36.2, 49.8);
        Run ok = simulate("--zones-file", zones.toString(), scenario().toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("| one-drone |");
        Path conf = dir.resolve("tryvoha.conf");
        // every warning waits for an operator's confirmation that never comes
        Files.writeString(conf, "zones-file = " + zones + "\ntrack-mode = confirm\n");
        Run late = simulate("--config", conf.toString(), scenario().toString());
        assertThat(late.code()).isEqualTo(1);
        assertThat(late.err()).contains("were not warned");
        Files.writeString(conf, "zones-file = " + zones + "\nshelter-seconds = 30\n");
        Run shelter =
                simulate("--config", conf.toString(), "--zones", scenario().toString());
        assertThat(shelter.code()).as(shelter.err()).isZero();
        assertThat(shelter.out()).contains("shelter  30s");
    }
}
