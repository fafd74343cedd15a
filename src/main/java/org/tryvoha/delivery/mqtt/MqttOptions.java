package org.tryvoha.delivery.mqtt;

import picocli.CommandLine.Option;

/** The {@code serve} flags of MQTT delivery and sirens; read by their long names through {@link MqttSettings#from}. */
public final class MqttOptions {
    @Option(
            names = "--mqtt-url",
            description = "Publish to this MQTT broker, mqtt://host:1883 (default: off); env TRYVOHA_MQTT_URL")
    String url;

    @Option(names = "--mqtt-username", description = "MQTT user name; env TRYVOHA_MQTT_USERNAME")
    String username;

    @Option(
            names = "--mqtt-password",
            description = "MQTT password (prefer env TRYVOHA_MQTT_PASSWORD or the config file)")
    String password;

    @Option(
            names = "--mqtt-topic-prefix",
            description = "First topic level (default tryvoha); env TRYVOHA_MQTT_TOPIC_PREFIX")
    String prefix;

    @Option(
            names = "--mqtt-discovery-prefix",
            description = "Home Assistant discovery prefix (default homeassistant); env TRYVOHA_MQTT_DISCOVERY_PREFIX")
    String discovery;

    @Option(
            names = "--mqtt-ha-zones",
            description =
                    "Zones for Home Assistant: oblasts (default), none, or ids,comma,separated; env TRYVOHA_MQTT_HA_ZONES")
    String haZones;

    @Option(names = "--sirens-file", description = "Siren registry, JSON (default: none); env TRYVOHA_SIRENS_FILE")
    String sirensFile;

    @Option(
            names = "--siren-ack-seconds",
            description = "Seconds a siren has to acknowledge an activation (default 10)")
    Integer sirenAck;

    @Option(
            names = "--siren-silent-seconds",
            description = "Seconds without a heartbeat before a siren is silent (default 90)")
    Integer sirenSilent;

    @Option(
            names = "--mqtt-max-inbound-bytes",
            description =
                    "A message from a siren larger than this is dropped and counted (default 4096); env TRYVOHA_MQTT_MAX_INBOUND_BYTES")
    Integer maxInbound;
}
