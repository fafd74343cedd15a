package org.tryvoha.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.zone.ShelterConfig;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsGiven() {
        Config c = Config.resolve(Config.Flags.none(), Map.of());
        assertThat(c.port()).isEqualTo(Config.DEFAULT_PORT);
        assertThat(c.dataDir()).isEqualTo(Path.of(Config.DEFAULT_DATA_DIR));
        assertThat(ShelterConfig.from(c.settings()).defaultSeconds()).isEqualTo(90);
        assertThat(c.zonesFile()).isNull();
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("tryvoha.conf");
        Files.writeString(file, """
        port = 7000
        heartbeat-seconds = 5
        shelter-seconds = 60
        shelter-seconds.zone.UA63120270000028556 = 30
        shelter-seconds.subtree.UA63000000000041885 = 45
        """);
        Config.Flags flags = new Config.Flags(file, null, 9000, null, null, null, null, null, null, null);
        Config c = Config.resolve(flags, Map.of("TRYVOHA_PORT", "8000", "TRYVOHA_HEARTBEAT_SECONDS", "7"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.heartbeatSeconds()).isEqualTo(7);
        assertThat(ShelterConfig.from(c.settings()).defaultSeconds()).isEqualTo(60);
        assertThat(ShelterConfig.from(c.settings()).perZone()).containsEntry("UA63120270000028556", 30);
        assertThat(ShelterConfig.from(c.settings()).perSubtree()).containsEntry("UA63000000000041885", 45);
        assertThat(Config.resolve(Config.Flags.none(), Map.of("TRYVOHA_CONFIG", file.toString()))
                        .port())
                .isEqualTo(7000);
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> Config.resolve(Config.Flags.none(), Map.of("TRYVOHA_PORT", "eighty")))
                .hasMessageContaining("port must be a whole number");
        assertThatThrownBy(() -> Config.resolve(Config.Flags.none(), Map.of("TRYVOHA_PORT", "70000")))
                .hasMessageContaining("port must be between 0 and 65535");
        assertThatThrownBy(() -> Config.resolve(
                        new Config.Flags(
                                dir.resolve("missing.conf"), null, null, null, null, null, null, null, null, null),
                        Map.of()))
                .hasMessageContaining("cannot read config file");
    }

    @Test
    void settingsByNameFollowTheSameOrderAndNameTheBadOne() throws Exception {
        Path file = dir.resolve("named.conf");
        Files.writeString(file, """
        a-seconds = 7
        b-seconds = 8
        c-on = yes
        role.scope.kharkiv = 6300000000
        """);
        Config c = Config.resolve(
                new Config.Flags(file, null, null, null, null, null, null, null, null, null),
                Map.of("a-seconds", "1"),
                Map.of("TRYVOHA_A_SECONDS", "2", "TRYVOHA_B_SECONDS", "3"));
        Config.Source s = c.settings();
        assertThat(s.number("a-seconds", 0, 0, 10)).isEqualTo(1);
        assertThat(s.number("b-seconds", 0, 0, 10)).isEqualTo(3);
        assertThat(s.number("d-seconds", 4, 0, 10)).isEqualTo(4);
        assertThat(s.bool("c-on", false)).isTrue();
        assertThat(s.prefixed("role.scope.")).containsExactly(Map.entry("kharkiv", "6300000000"));
        assertThatThrownBy(() -> s.number("a-seconds", 0, 5, 10))
                .hasMessage("a-seconds must be between 5 and 10, got 1");
        assertThatThrownBy(
                        () -> Config.Source.of(Map.of("x", "maybe"), Map.of()).bool("x", false))
                .hasMessage("x must be true or false, got 'maybe'");
    }
}
