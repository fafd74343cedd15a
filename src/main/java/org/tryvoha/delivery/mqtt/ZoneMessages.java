package org.tryvoha.delivery.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.json.Json;
import org.tryvoha.state.ZoneState;
import org.tryvoha.state.ZoneStatus;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/**
 * The MQTT payloads, computed from a {@link ZoneState.Snapshot}: the per-zone state JSON, the
 * compact oblast string, Home Assistant discovery and the event JSON. Pure functions; thread-safe.
 */
public final class ZoneMessages {
    /** One character per oblast-level zone in {@link #oblastString}. */
    public static final char CLEAR = '0', ALERT = '1', PARTLY = 'P', EXERCISE = 'E';

    private final ZoneTree tree;
    private final List<Zone> oblasts;

    public ZoneMessages(ZoneTree tree) {
        this.tree = tree;
        this.oblasts = tree.all().stream()
                .filter(z -> z.level() == ZoneLevel.OBLAST)
                .sorted(Comparator.comparing(Zone::id))
                .toList();
    }

    /** The oblast-level zones in the fixed order of {@link #oblastString}: sorted by zone id. */
    public List<Zone> oblasts() {
        return oblasts;
    }

    /**
     * A zone's state: {@code active} (covered by a real alert, as in the REST status: a drill never
     * makes it true), {@code status}
     * (alert, exercise, partly, clear: the character of {@link #oblastString}), {@code types},
     * {@code since}, {@code alerts} (covering alert ids) and {@code partly} (alerts inside it). No
     * sequence number, so an unchanged zone gives the same bytes and is not re-sent.
     */
    public byte[] state(ZoneState.Snapshot s, Zone z) {
        ZoneStatus st = s.status(z);
        List<String> ids = new ArrayList<>();
        st.alerts().forEach(c -> {
            if (!ids.contains(c.alert().id())) ids.add(c.alert().id());
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", z.id());
        m.put("name_uk", z.nameUk());
        m.put("name_en", z.nameEn());
        m.put("active", s.status(z, false).active());
        m.put("status", word(code(s, z)));
        m.put("types", st.types().stream().map(AlertType::wire).toList());
        m.put("since", st.since() == null ? null : st.since().toString());
        m.put("alerts", ids);
        m.put("partly", partly(s, z).size());
        return bytes(m);
    }

    /**
     * The state of a zone as one character: '1' covered by a real (actual) alert, 'P' a real alert
     * covers part of it, 'E' only exercise or test alerts touch it, '0' clear.
     */
    public char code(ZoneState.Snapshot s, Zone z) {
        ZoneStatus st = s.status(z);
        boolean exercise = false;
        for (ZoneStatus.Covering c : st.alerts()) {
            if (c.alert().status() == AlertStatus.ACTUAL) return ALERT;
            exercise = true;
        }
        for (String id : partly(s, z)) {
            if (s.alerts().get(id).status() == AlertStatus.ACTUAL) return PARTLY;
            exercise = true;
        }
        return exercise ? EXERCISE : CLEAR;
    }

    /** Every oblast-level zone's {@link #code}, in zone-id order: 27 characters for Ukraine. */
    public String oblastString(ZoneState.Snapshot s) {
        StringBuilder b = new StringBuilder(oblasts.size());
        for (Zone z : oblasts) b.append(code(s, z));
        return b.toString();
    }

    /** Home Assistant MQTT discovery config of a binary sensor (device class safety) for a zone. */
    public byte[] discovery(String prefix, Zone z) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", z.nameEn() + " air alert");
        m.put("unique_id", "tryvoha_" + prefix + "_" + z.id());
        m.put("object_id", "tryvoha_" + z.id());
        m.put("device_class", "safety");
        m.put("state_topic", stateTopic(prefix, z.id()));
        m.put("value_template", "{{ 'ON' if value_json.active else 'OFF' }}");
        m.put("json_attributes_topic", stateTopic(prefix, z.id()));
        m.put(
                "json_attributes_template",
                "{{ {'types': value_json.types, 'since': value_json.since, 'alerts': value_json.alerts, 'status': value_json.status} | tojson }}");
        m.put("availability_topic", prefix + "/status");
        m.put("payload_available", "online");
        m.put("payload_not_available", "offline");
        m.put(
                "device",
                Map.of(
                        "identifiers",
                        List.of("tryvoha_" + prefix),
                        "name",
                        "Tryvoha (" + prefix + ")",
                        "manufacturer",
                        "Tryvoha"));
        return bytes(m);
    }

    /** The zones announced to Home Assistant: the configured ids, or every oblast-level zone. */
    public List<Zone> haZones(List<String> configured) {
        if (configured.isEmpty()) return oblasts;
        if (configured.equals(List.of("none"))) return List.of();
        List<Zone> out = new ArrayList<>();
        for (String id : configured) {
            out.add(tree.get(id)
                    .orElseThrow(() -> new IllegalArgumentException("mqtt-ha-zones: unknown zone id " + id)));
        }
        return out;
    }

    /** The event as on the SSE and WebSocket streams. */
    public static byte[] event(AlertEvent e) {
        return EncodedEvent.toJson(
                        new EncodedEvent.Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Zones whose state an event may change: its zones and dropped zones, their ancestors and descendants. */
    public Set<Zone> affected(Set<String> zoneIds, Set<Zone> into) {
        for (String id : zoneIds) {
            Zone z = tree.get(id).orElse(null);
            if (z == null) continue;
            into.addAll(tree.chain(z));
            into.addAll(tree.descendants(z));
        }
        return into;
    }

    public static String stateTopic(String prefix, String zoneId) {
        return prefix + "/zones/" + zoneId + "/state";
    }

    private static List<String> partly(ZoneState.Snapshot s, Zone z) {
        List<String> out = new ArrayList<>();
        for (String id : s.touched().getOrDefault(z.id(), Set.of()))
            if (!s.since().get(id).containsKey(z.id())) out.add(id);
        return out;
    }

    private static String word(char c) {
        return switch (c) {
            case ALERT -> "alert";
            case PARTLY -> "partly";
            case EXERCISE -> "exercise";
            default -> "clear";
        };
    }

    static byte[] bytes(Object o) {
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
