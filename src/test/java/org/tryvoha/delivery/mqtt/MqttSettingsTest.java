package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tryvoha.config.Config;

class MqttSettingsTest {
    @Test
    void offByDefault() {
        MqttSettings s =
                MqttSettings.from(Config.resolve(Config.Flags.none(), Map.of()).settings());
        assertThat(s.enabled()).isFalse();
        assertThat(s.prefix()).isEqualTo("tryvoha");
        assertThat(s.haZones()).isEmpty();
    }

    @Test
    void fromTheEnvironmentAndThePasswordIsNeverShown() {
        Config c = Config.resolve(
                Config.Flags.none(),
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://broker.example:8883",
                        "TRYVOHA_MQTT_USERNAME",
                        "ops",
                        "TRYVOHA_MQTT_PASSWORD",
                        "hunter2-secret",
                        "TRYVOHA_MQTT_HA_ZONES",
                        "A, B",
                        "TRYVOHA_SIREN_ACK_SECONDS",
                        "5"));
        MqttSettings s = MqttSettings.from(c.settings());
        assertThat(s.password()).isEqualTo("hunter2-secret");
        assertThat(MqttSettings.endpoint(s.url())).isEqualTo(new MqttSettings.Endpoint("broker.example", 8883));
        assertThat(s.haZones()).isEqualTo(List.of("A", "B"));
        assertThat(s.sirenAckSeconds()).isEqualTo(5);
        assertThat(s.toString()).doesNotContain("hunter2").contains("ops");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void refusesCredentialsInTheUrlAndOtherSchemes() {
        assertThatThrownBy(() -> MqttSettings.endpoint("mqtt://u:hunter2@h:1883"))
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> MqttSettings.endpoint("http://h:1883")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MqttSettings.endpoint("mqtt://h")).isEqualTo(new MqttSettings.Endpoint("h", 1883));
    }
}
