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
 * compact oblast string (real alerts only, as the public REST status), the drills' oblast string,
 * Home Assistant discovery and the event JSON. Pure functions; thread-safe.
 */
public final class ZoneMessages {
    /** One character per oblast-level zone in {@link #oblastString} (and 'E' in {@link #drillString}). */
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
     * A zone's public state, exactly the REST zone status without drills ({@code GET
     * /api/v1/zones/{id}/status}): {@code active}, {@code types}, {@code since}, {@code alerts}
     * (the covering alerts' ids) and {@code partly} (the REST {@code partly_alerts}: real alerts
     * inside it while it is not active), plus {@code status} ({@code alert}, {@code partly} or
     * {@code clear}: the character of {@link #oblastString}). An exercise or test alert never shows
     * here: drills have their own topics ({@link #drillString}). No sequence number, so an unchanged
     * zone gives the same bytes and is not re-sent.
     */
    public byte[] state(ZoneState.Snapshot s, Zone z) {
        ZoneStatus st = s.status(z, false);
        List<String> ids = new ArrayList<>();
        st.alerts().forEach(c -> {
            if (!ids.contains(c.alert().id())) ids.add(c.alert().id());
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", z.id());
        m.put("name_uk", z.nameUk());
        m.put("name_en", z.nameEn());
        m.put("active", st.active());
        m.put("status", word(code(st)));
        m.put("types", st.types().stream().map(AlertType::wire).toList());
        m.put("since", iso(st.since()));
        m.put("alerts", ids);
        m.put("partly", st.partlyAlerts());
        return bytes(m);
    }

    /** The public state of a zone as one character: '1' covered by a real alert, 'P' a real alert covers part of it, '0' clear. */
    public char code(ZoneState.Snapshot s, Zone z) {
        return code(s.status(z, false));
    }

    private static char code(ZoneStatus publicStatus) {
        if (publicStatus.active()) return ALERT;
        return publicStatus.partlyAlerts() > 0 ? PARTLY : CLEAR;
    }

    /** Every oblast-level zone's {@link #code}, in zone-id order: 27 characters for Ukraine. Drills never show. */
    public String oblastString(ZoneState.Snapshot s) {
        StringBuilder b = new StringBuilder(oblasts.size());
        for (Zone z : oblasts) b.append(code(s, z));
        return b.toString();
    }

    /**
     * The drills' own oblast string, in the order of {@link #oblastString}: 'E' where an exercise or
     * test alert covers the oblast or part of it, '0' elsewhere. Real alerts never show here.
     */
    public String drillString(ZoneState.Snapshot s) {
        StringBuilder b = new StringBuilder(oblasts.size());
        for (Zone z : oblasts) b.append(drilled(s, z) ? EXERCISE : CLEAR);
        return b.toString();
    }

    private static boolean drilled(ZoneState.Snapshot s, Zone z) {
        for (ZoneStatus.Covering c : s.status(z, true).alerts())
            if (c.alert().status() != AlertStatus.ACTUAL) return true;
        for (String id : s.touched().getOrDefault(z.id(), Set.of()))
            if (s.alerts().get(id).status() != AlertStatus.ACTUAL) return true;
        return false;
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

    private static String word(char c) {
        return switch (c) {
            case ALERT -> "alert";
            case PARTLY -> "partly";
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
