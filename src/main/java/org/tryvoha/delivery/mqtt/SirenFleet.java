package org.tryvoha.delivery.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tryvoha.delivery.mqtt.SirenRegistry.Siren;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.json.Json;
import org.tryvoha.state.ZoneState;
import org.tryvoha.state.ZoneStatus;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The sirens' desired state (commands) and their health (heartbeats, acknowledgements, last will).
 *
 * <p>Each siren gets one retained command on {@code {prefix}/sirens/{id}/command}: activate while
 * a real (actual) alert covers its zone, deactivate otherwise. Exercise and test alerts never
 * produce a command. Live state is in memory only. Thread-safe (every method synchronized).
 *
 * <p>Per change the cost is per zone, not per siren: the sirens are grouped by zone, a zone's
 * status is read once, only zones the change touched are looked at, and every siren that gets the
 * same command (same action and alert, same change) shares one command id and one encoded payload;
 * each siren's ack still arrives on its own topic.
 */
public final class SirenFleet {
    /**
     * A command as sent; {@code id} is what the siren acknowledges (shared by every siren the same
     * change sends the same command to); {@code seq} is the event sequence number of the state it
     * follows from, so a siren can tell a newer command from an older one.
     */
    public record Command(String id, String action, String alert, boolean exercise, Instant at, long seq) {}

    /** A message for the broker. */
    record Out(String topic, byte[] payload, boolean retain) {}

    private static final class Tracked {
        final Siren siren;
        final String commandTopic;
        Instant lastSeen;
        boolean offline;
        Command command;
        byte[] payload; // the command, encoded (shared)
        Instant ackedAt;

        Tracked(Siren siren, String prefix) {
            this.siren = siren;
            this.commandTopic = prefix + "/sirens/" + siren.id() + "/command";
        }
    }

    private record Encoded(Command command, byte[] payload) {}

    private final Map<String, Tracked> sirens = new LinkedHashMap<>();
    /** Zone id → the sirens standing in it. */
    private final Map<String, List<Tracked>> byZone = new LinkedHashMap<>();

    private final ZoneTree tree;
    private final String prefix;
    private final Duration ack, silent;
    private final Clock clock;

    public SirenFleet(
            List<Siren> registry, ZoneTree tree, String prefix, int ackSeconds, int silentSeconds, Clock clock) {
        for (Siren s : registry) {
            Tracked t = new Tracked(s, prefix);
            sirens.put(s.id(), t);
            byZone.computeIfAbsent(s.zone(), z -> new ArrayList<>()).add(t);
        }
        this.tree = tree;
        this.prefix = prefix;
        this.ack = Duration.ofSeconds(ackSeconds);
        this.silent = Duration.ofSeconds(silentSeconds);
        this.clock = clock;
    }

    public synchronized boolean isEmpty() {
        return sirens.isEmpty();
    }

    /** Topic filters the server subscribes to. */
    List<String> subscriptions() {
        return List.of(prefix + "/sirens/+/heartbeat", prefix + "/sirens/+/ack", prefix + "/sirens/+/status");
    }

    /**
     * Commands for the sirens whose desired state changed, looking only at sirens in {@code touched}
     * (the zones a change touched: a siren's state can only change when its zone or one containing
     * it changed); with {@code touched} null, every siren, and the current command of every siren is
     * sent again (after a reconnect, so the retained commands are right).
     */
    synchronized List<Out> update(ZoneState.Snapshot s, Set<Zone> touched) {
        boolean all = touched == null;
        List<Out> out = new ArrayList<>();
        Map<String, Encoded> made = new HashMap<>(); // one command per (action, alert) in this change
        Instant now = clock.instant();
        if (all) {
            for (Map.Entry<String, List<Tracked>> e : byZone.entrySet())
                zone(s, e.getKey(), e.getValue(), true, made, now, out);
        } else if (!byZone.isEmpty()) {
            for (Zone z : touched) {
                List<Tracked> here = byZone.get(z.id());
                if (here != null) zone(s, z.id(), here, false, made, now, out);
            }
        }
        return out;
    }

    private void zone(
            ZoneState.Snapshot s,
            String zone,
            List<Tracked> here,
            boolean all,
            Map<String, Encoded> made,
            Instant now,
            List<Out> out) {
        String alert = realAlert(s, zone);
        String action = alert == null ? "deactivate" : "activate";
        for (Tracked t : here) {
            boolean changed = t.command == null || !t.command.action().equals(action);
            if (changed) {
                Encoded c = made.computeIfAbsent(action + " " + alert, k -> {
                    Command cmd = new Command(UUID.randomUUID().toString(), action, alert, false, now, s.seq());
                    return new Encoded(cmd, ZoneMessages.bytes(cmd));
                });
                t.command = c.command();
                t.payload = c.payload();
                t.ackedAt = null;
            }
            if (changed || all) out.add(new Out(t.commandTopic, t.payload, true));
        }
    }

    /** The first real alert covering the zone, or null: exercise and test alerts never count. */
    private String realAlert(ZoneState.Snapshot s, String zone) {
        ZoneStatus st = s.status(tree.get(zone).orElseThrow());
        for (ZoneStatus.Covering c : st.alerts())
            if (c.alert().status() == AlertStatus.ACTUAL) return c.alert().id();
        return null;
    }

    /** What became of a message from a device. */
    enum Inbound {
        ACCEPTED,
        /** not a siren topic, a siren not in the registry, or a kind of message we do not read */
        UNKNOWN,
        /** not UTF-8, a status other than online/offline, or an ack without a command id */
        MALFORMED
    }

    /**
     * A message from a siren: heartbeat, ack (command id) or status (online/offline, the last will).
     * Never throws on any bytes; says what it made of them.
     */
    synchronized Inbound onMessage(String topic, byte[] payload) {
        String rest = topic.startsWith(prefix + "/sirens/") ? topic.substring(prefix.length() + 8) : null;
        int slash = rest == null ? -1 : rest.indexOf('/');
        if (slash < 0) return Inbound.UNKNOWN;
        Tracked t = sirens.get(rest.substring(0, slash));
        if (t == null) return Inbound.UNKNOWN; // not in the registry
        String kind = rest.substring(slash + 1);
        if (!kind.equals("heartbeat") && !kind.equals("status") && !kind.equals("ack")) return Inbound.UNKNOWN;
        String text = utf8(payload);
        if (text == null) return Inbound.MALFORMED;
        text = text.strip();
        Instant now = clock.instant();
        switch (kind) {
            case "heartbeat" -> seen(t, now);
            case "status" -> {
                if (text.isEmpty()) return Inbound.ACCEPTED; // its retained status was cleared: nothing to learn
                if (text.equalsIgnoreCase("offline")) t.offline = true;
                else if (text.equalsIgnoreCase("online")) seen(t, now);
                else return Inbound.MALFORMED;
            }
            default -> { // ack
                String id = commandId(text);
                if (id == null || id.isEmpty()) return Inbound.MALFORMED;
                seen(t, now);
                if (t.command != null && t.ackedAt == null && t.command.id().equals(id)) t.ackedAt = now;
            }
        }
        return Inbound.ACCEPTED;
    }

    /** The text, or null when the bytes are not UTF-8. */
    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void seen(Tracked t, Instant now) {
        t.lastSeen = now;
        t.offline = false;
    }

    private static final String ACK = "{\"command\":\"";

    private static String commandId(String text) {
        if (!text.startsWith("{")) return text;
        int end = text.indexOf('"', ACK.length());
        if (text.startsWith(ACK)
                && end > 0
                && text.indexOf('\\') < 0
                && text.substring(end + 1).strip().equals("}")) {
            return text.substring(ACK.length(), end); // the documented form, without a JSON parser
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            return n.hasNonNull("command")
                    ? n.get("command").asText()
                    : n.path("id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** ok, late (acknowledged after the deadline), silent (offline, or no heartbeat), failed (no ack in time). */
    String health(Tracked t, Instant now) {
        boolean activation = t.command != null && t.command.action().equals("activate");
        Instant deadline = activation ? t.command.at().plus(ack) : null;
        if (activation && t.ackedAt == null && now.isAfter(deadline)) return "failed";
        if (t.offline || t.lastSeen == null || now.isAfter(t.lastSeen.plus(silent))) return "silent";
        if (activation && t.ackedAt != null && t.ackedAt.isAfter(deadline)) return "late";
        return "ok";
    }

    /** Health, worst first: the order of the fleet's rows. */
    static final List<String> HEALTH_ORDER = List.of("failed", "silent", "late", "ok");

    /**
     * The fleet for the API: the server's time ({@code now}, to count "5 min ago" from), counts per
     * health and one row per siren, worst health first (failed, silent, late, ok), registry order
     * within each.
     */
    public synchronized Map<String, Object> view() {
        Instant now = clock.instant();
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of());
        for (String h : List.of("ok", "late", "silent", "failed")) counts.put(h, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Tracked t : sirens.values()) {
            String h = health(t, now);
            counts.merge(h, 1, Integer::sum);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", t.siren.id());
            r.put("name", t.siren.name());
            r.put("zone", t.siren.zone());
            Zone z = tree.get(t.siren.zone()).orElse(null);
            r.put("zone_name_uk", z == null ? null : z.nameUk());
            r.put("zone_name_en", z == null ? null : z.nameEn());
            r.put("lat", t.siren.lat());
            r.put("lon", t.siren.lon());
            r.put("health", h);
            r.put("online", !t.offline && t.lastSeen != null);
            r.put("last_seen", ZoneMessages.iso(t.lastSeen));
            r.put("command", t.command);
            r.put("acked_at", ZoneMessages.iso(t.ackedAt));
            rows.add(r);
        }
        rows.sort(Comparator.comparingInt(r -> HEALTH_ORDER.indexOf((String) r.get("health"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", ZoneMessages.iso(now));
        out.put("ack_seconds", ack.toSeconds());
        out.put("silent_seconds", silent.toSeconds());
        out.put("counts", counts);
        out.put("sirens", rows);
        return out;
    }
}
