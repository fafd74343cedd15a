package org.tryvoha.track.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tryvoha.track.TrackSettings;

/**
 * Every bundled scenario, played through the real engine, alert service and store: every zone a
 * threat reached was warned before it got there, and at least delivery + shelter seconds before
 * wherever the first report came in time for that; one alert per threat; and warned in vain at most
 * a fifth of what warning the whole oblasts crossed would add (the published target), or the
 * recorded figure of a scenario that does not meet it yet.
 */
class ScenarioTest {
    private static final ScenarioRunner RUNNER = new ScenarioRunner();
    /**
     * The target is at most 0.2 of the oblast-wide area; these scenarios do not meet it yet (the
     * turn-rate corridor of a fast turning threat over 108 s: docs/tracks.md), and must not get worse:
     * each cap is just above the measured ratio (0.261, 0.281, 0.374 on 2026-12-07, with every report's
     * velocity in its own frame), so a regression fails.
     */
    private static final Map<String, Double> OVER_WARNING =
            Map.of("cruise-course-change", 0.265, "guided-bomb-glide", 0.285, "low-cruise-gaps", 0.38);

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
                .allSatisfy(z -> assertThat(z.ok())
                        .as(
                                "%s: %s reached at %s, warned at %s (lead - shelter %s, first report in time: %s)",
                                name, z.zone(), z.arrival(), z.warnedAt(), z.leadMinusShelter(), z.possible())
                        .isTrue());
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(TracksCommand.failures(List.of(r))).isEmpty();
        assertThat(r.alertsRaised())
                .as("one alert per threat")
                .isEqualTo(sc.threats().size());
        assertThat(r.overRatio())
                .as("over-warning against whole oblasts")
                .isLessThanOrEqualTo(OVER_WARNING.getOrDefault(name, 0.2));
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
