package org.tryvoha.track.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tryvoha.track.TrackSettings;

/**
 * Every bundled scenario, played through the real engine, alert service and store: every zone a
 * threat reached was warned at least delivery + shelter seconds before it got there, one alert per
 * threat, and less warned in vain than warning the whole oblasts crossed would.
 */
class ScenarioTest {
    private static final ScenarioRunner RUNNER = new ScenarioRunner();

    static Stream<String> scenarios() {
        return Scenario.BUNDLED.stream();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyReachedZoneIsWarnedInTime(String name) throws Exception {
        Scenario sc = Scenario.bundled(name);
        ScenarioRunner.Result r = RUNNER.run(sc, TrackSettings.defaults());
        assertThat(r.reached())
                .as("a scenario must reach some zone to test anything")
                .isNotEmpty();
        assertThat(r.reached())
                .allSatisfy(z -> assertThat(z.inTime())
                        .as(
                                "%s: %s reached at %s, warned at %s (lead - shelter %s)",
                                name, z.zone(), z.arrival(), z.warnedAt(), z.leadMinusShelter())
                        .isTrue());
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.alertsRaised())
                .as("one alert per threat")
                .isEqualTo(sc.threats().size());
        assertThat(r.overRatio()).as("over-warning against whole oblasts").isLessThan(1.0);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void withoutWarningTimeTheSameScenarioMissesZones(String name) throws Exception {
        // the checks above can fail: with a margin far below zero the engine warns too late
        TrackSettings d = TrackSettings.defaults();
        TrackSettings late = new TrackSettings(
                d.maxAgeSeconds(),
                d.horizonSeconds(),
                d.deliverySeconds(),
                -200,
                d.holdSeconds(),
                d.lostSeconds(),
                d.batchMax(),
                d.defaultMode(),
                d.modes(),
                d.confirmDeadlineSeconds());
        ScenarioRunner.Result r = RUNNER.run(Scenario.bundled(name), late);
        assertThat(r.recall()).isLessThan(1.0);
    }
}
