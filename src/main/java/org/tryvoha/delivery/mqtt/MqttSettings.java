package org.tryvoha.delivery.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.tryvoha.config.Config;

/**
 * MQTT delivery settings. Off unless {@code url} is set. {@link #toString} never shows
 * the password.
 *
 * @param url {@code mqtt://host:port} of the external broker, or null for off
 * @param prefix first level of every Tryvoha topic, e.g. {@code tryvoha/zones/{id}/state}
 * @param discoveryPrefix Home Assistant's discovery prefix ({@code homeassistant})
 * @param haZones zone ids announced to Home Assistant; empty = every oblast-level zone
 * @param sirensFile JSON siren registry, or null for no sirens
 * @param sirenAckSeconds how long a siren has to acknowledge an activation before it counts as failed
 * @param sirenSilentSeconds how long without a heartbeat before a siren counts as silent
 * @param maxInboundBytes a message from a device (siren) larger than this is dropped and counted
 */
public record MqttSettings(
        String url,
        String username,
        String password,
        String prefix,
        String discoveryPrefix,
        List<String> haZones,
        String sirensFile,
        int sirenAckSeconds,
        int sirenSilentSeconds,
        int maxInboundBytes) {

    public static final String DEFAULT_URL = null;
    public static final String DEFAULT_PREFIX = "tryvoha";
    public static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    /** "oblasts": the oblast-level zones; otherwise a comma-separated list of zone ids, or "none". */
    public static final String DEFAULT_HA_ZONES = "oblasts";

    public static final String DEFAULT_SIRENS_FILE = null;
    public static final int DEFAULT_SIREN_ACK_SECONDS = 10;
    public static final int DEFAULT_SIREN_SILENT_SECONDS = 90;
    /** A siren's heartbeat, ack or status is tens of bytes. */
    public static final int DEFAULT_MAX_INBOUND_BYTES = 4096;

    public MqttSettings {
        haZones = haZones == null ? List.of() : List.copyOf(haZones);
        if (prefix == null
                || prefix.isBlank()
                || prefix.contains("#")
                || prefix.contains("+")
                || prefix.endsWith("/")) {
            throw new IllegalArgumentException(
                    "mqtt-topic-prefix must be a plain topic level (no #, +, trailing /), got '" + prefix + "'");
        }
        if (url != null) endpoint(url);
    }

    /** The {@code mqtt-*} and {@code siren-*} settings by name (flags: {@link MqttOptions}); off unless mqtt-url is set. */
    public static MqttSettings from(Config.Source s) {
        return new MqttSettings(
                s.text("mqtt-url", DEFAULT_URL),
                s.text("mqtt-username", null),
                s.text("mqtt-password", null),
                s.text("mqtt-topic-prefix", DEFAULT_PREFIX),
                s.text("mqtt-discovery-prefix", DEFAULT_DISCOVERY_PREFIX),
                parseHaZones(s.text("mqtt-ha-zones", DEFAULT_HA_ZONES)),
                s.text("sirens-file", DEFAULT_SIRENS_FILE),
                s.number("siren-ack-seconds", DEFAULT_SIREN_ACK_SECONDS, 1, 3600),
                s.number("siren-silent-seconds", DEFAULT_SIREN_SILENT_SECONDS, 1, 86_400),
                s.number("mqtt-max-inbound-bytes", DEFAULT_MAX_INBOUND_BYTES, 64, 1_048_576));
    }

    public static MqttSettings off() {
        return new MqttSettings(
                null,
                null,
                null,
                DEFAULT_PREFIX,
                DEFAULT_DISCOVERY_PREFIX,
                List.of(),
                null,
                DEFAULT_SIREN_ACK_SECONDS,
                DEFAULT_SIREN_SILENT_SECONDS,
                DEFAULT_MAX_INBOUND_BYTES);
    }

    public boolean enabled() {
        return url != null;
    }

    /** Parses the {@code ha-zones} setting: "oblasts" → empty (the default), "none" → no zones. */
    public static List<String> parseHaZones(String s) {
        if (s == null || s.isBlank() || s.strip().equals("oblasts")) return List.of();
        if (s.strip().equals("none")) return List.of("none");
        return List.of(s.strip().split("\\s*,\\s*"));
    }

    /** Host and port of {@code mqtt://host[:port]} (port 1883 when absent). */
    public static Endpoint endpoint(String url) {
        try {
            URI u = new URI(url);
            if (!"mqtt".equals(u.getScheme()) || u.getHost() == null)
                throw new URISyntaxException(url, "not mqtt://host:port");
            if (u.getUserInfo() != null)
                throw new URISyntaxException("mqtt://…", "put credentials in mqtt-username/mqtt-password, not the URL");
            return new Endpoint(u.getHost(), u.getPort() < 0 ? 1883 : u.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mqtt-url must look like mqtt://host:1883: " + e.getReason());
        }
    }

    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return "mqtt://" + host + ":" + port;
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", username=" + username + ", password="
                + (password == null ? "none" : "***")
                + ", prefix=" + prefix + ", discoveryPrefix=" + discoveryPrefix + ", haZones=" + haZones
                + ", sirensFile=" + sirensFile
                + ", sirenAckSeconds=" + sirenAckSeconds + ", sirenSilentSeconds=" + sirenSilentSeconds
                + ", maxInboundBytes=" + maxInboundBytes + "]";
    }
}
