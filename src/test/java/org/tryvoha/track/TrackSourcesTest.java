package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tryvoha.config.Config;

/** The settings of the early warning and the NATS subject, read by name: off by default, flags beat the environment. */
class TrackSourcesTest {
    @Test
    void offUnlessConfigured() {
        Config.Source none = Config.Source.of(Map.of(), Map.of());
        assertThat(EarlyWarning.from(none)).isEqualTo(new EarlyWarning(false, EarlyWarning.DEFAULT_HORIZON_SECONDS));
        assertThat(TrackNats.Settings.from(none).subject()).isNull();
        assertThat(TrackNats.start(TrackNats.Settings.from(none), null, null)).isNull();
    }

    @Test
    void flagsAndEnvironmentTurnThemOn() {
        Config.Source s = Config.Source.of(
                Map.of("track-early-warning", "true", "track-nats-subject", "tryvoha.tracks"),
                Map.of(
                        "TRYVOHA_TRACK_EARLY_WARNING_SECONDS",
                        "900",
                        "TRYVOHA_TRACK_NATS_SUBJECT",
                        "ignored.by.the.flag",
                        "TRYVOHA_TRACK_NATS_CREDS",
                        "/etc/tryvoha/tracks.creds"));
        assertThat(EarlyWarning.from(s)).isEqualTo(new EarlyWarning(true, 900));
        TrackNats.Settings n = TrackNats.Settings.from(s);
        assertThat(n.subject()).isEqualTo("tryvoha.tracks");
        assertThat(n.url()).isEqualTo(TrackNats.Settings.DEFAULT_URL);
        assertThat(n.creds()).isEqualTo(Path.of("/etc/tryvoha/tracks.creds"));
    }

    @Test
    void aHorizonOutOfRangeIsRefusedNamingTheSetting() {
        Config.Source s = Config.Source.of(Map.of("track-early-warning-seconds", "5"), Map.of());
        assertThatThrownBy(() -> EarlyWarning.from(s)).hasMessageContaining("track-early-warning-seconds");
    }
}
