package org.tryvoha.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zones check FILE}: what a start would repair and refuse, before the start. */
class ZonesCheckCliTest {
    static final String ZONES = """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"id":"BT","level":"country","name_en":"Bowtieland"},"geometry":null},
       {"type":"Feature","properties":{"id":"BT-1","level":"oblast","parent":"BT","name_en":"Knot","shelter_seconds":15},
        "geometry":{"type":"Polygon","coordinates":[[[34,31],[35,32],[35,31],[34,32],[34,31]]]}},
       {"type":"Feature","properties":{"id":"BT-2","level":"oblast","parent":"BT","name_en":"Plain"},
        "geometry":{"type":"Polygon","coordinates":[[[35,31],[36,31],[36,32],[35,32],[35,31]]]}}
      ]}
      """;

    @Test
    void aFileWithABowTieLoadsRepairedAndSaysWhichZone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("zones.geojson"), ZONES);
        CliTest.Run r = CliTest.run("zones", "check", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("zone BT-1: repaired: self-intersection at (34.5 31.5)")
                .contains("features: 3 read, 1 repaired, 0 refused")
                .contains("loads: 3 zones under BT (Bowtieland), 1 with their own shelter_seconds");
    }

    @Test
    void refusedFeaturesAreListedOnStderrAndTheExitCodeIsOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("zones.geojson"),
                ZONES.replace("\"id\":\"BT-2\"", "\"id\":\" \"")
                        .replace("\"shelter_seconds\":15", "\"shelter_seconds\":-1")
                        .replace("[36,32]", "[36,95]"));
        CliTest.Run r = CliTest.run("zones", "check", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains(
                        "zone BT-1: refused: shelter_seconds must be a whole number of seconds from 1 to 3600; got '-1'")
                .contains("feature #3 (no id): refused: the id is empty")
                .contains("feature #3 (no id): refused: position [36.0, 95.0] is out of range")
                .contains("refused: the server would not start with " + file);
        assertThat(r.out()).contains("features: 3 read, 0 repaired, 2 refused");
    }
}
