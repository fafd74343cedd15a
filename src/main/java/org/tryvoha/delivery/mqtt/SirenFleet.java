package org.tryvoha.delivery.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tryvoha.Json;
import org.tryvoha.alert.AlertStatus;
import org.tryvoha.alert.ZoneState;
import org.tryvoha.alert.ZoneStatus;
import org.tryvoha.delivery.mqtt.SirenRegistry.Siren;
import org.tryvoha.zone.ZoneTree;

/**
 * The sirens' desired state (commands) and their health (heartbeats, acknowledgements, last will).
 *
 * <p>Each siren gets one retained command on {@code {prefix}/sirens/{id}/command}: activate while
 * a real (actual) alert covers its zone, deactivate otherwise. Exercise and test alerts never
 * produce a command. Live state is in memory only. Thread-safe (every method synchronized).
 */
public final class SirenFleet {
  /** A command as sent; {@code id} is what the siren acknowledges. */
  public record Command(String id, String action, String alert, boolean exercise, Instant at) {}

  /** A message for the broker. */
  record Out(String topic, byte[] payload, boolean retain) {}

  private static final class Tracked {
    final Siren siren;
    Instant lastSeen;
    boolean offline;
    Command command;
    Instant ackedAt;

    Tracked(Siren siren) {
      this.siren = siren;
    }
  }

  private final Map<String, Tracked> sirens = new LinkedHashMap<>();
  private final ZoneTree tree;
  private final String prefix;
  private final Duration ack, silent;
  private final Clock clock;

  public SirenFleet(List<Siren> registry, ZoneTree tree, String prefix, int ackSeconds, int silentSeconds, Clock clock) {
    registry.forEach(s -> sirens.put(s.id(), new Tracked(s)));
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
   * Commands for sirens whose desired state changed; with {@code all}, also the current command of
   * every siren again (after a reconnect, so the retained commands are right).
   */
  synchronized List<Out> update(ZoneState.Snapshot s, boolean all) {
    List<Out> out = new ArrayList<>();
    for (Tracked t : sirens.values()) {
      String alert = realAlert(s, t.siren);
      String action = alert == null ? "deactivate" : "activate";
      boolean changed = t.command == null || !t.command.action().equals(action);
      if (changed) {
        t.command = new Command(UUID.randomUUID().toString(), action, alert, false, clock.instant());
        t.ackedAt = null;
      }
      if (changed || all) out.add(new Out(prefix + "/sirens/" + t.siren.id() + "/command", ZoneMessages.bytes(t.command), true));
    }
    return out;
  }

  /** The first real alert covering the siren's zone, or null: exercise and test alerts never count. */
  private String realAlert(ZoneState.Snapshot s, Siren siren) {
    ZoneStatus st = s.status(tree.get(siren.zone()).orElseThrow());
    for (ZoneStatus.Covering c : st.alerts()) if (c.alert().status() == AlertStatus.ACTUAL) return c.alert().id();
    return null;
  }

  /** A message from a siren: heartbeat, ack (command id) or status (online/offline, the last will). */
  synchronized void onMessage(String topic, byte[] payload) {
    String rest = topic.startsWith(prefix + "/sirens/") ? topic.substring(prefix.length() + 8) : null;
    int slash = rest == null ? -1 : rest.indexOf('/');
    if (slash < 0) return;
    Tracked t = sirens.get(rest.substring(0, slash));
    if (t == null) return; // not in the registry
    String kind = rest.substring(slash + 1), text = new String(payload, StandardCharsets.UTF_8).strip();
    Instant now = clock.instant();
    switch (kind) {
      case "heartbeat" -> seen(t, now);
      case "status" -> {
        if (text.equalsIgnoreCase("offline")) t.offline = true;
        else if (text.equalsIgnoreCase("online")) seen(t, now);
      }
      case "ack" -> {
        seen(t, now);
        if (t.command != null && t.ackedAt == null && t.command.id().equals(commandId(text))) t.ackedAt = now;
      }
      default -> { }
    }
  }

  private static void seen(Tracked t, Instant now) {
    t.lastSeen = now;
    t.offline = false;
  }

  private static String commandId(String text) {
    if (!text.startsWith("{")) return text;
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      return n.hasNonNull("command") ? n.get("command").asText() : n.path("id").asText(null);
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

  /** The fleet for the API: counts per health and one row per siren. */
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
      r.put("lat", t.siren.lat());
      r.put("lon", t.siren.lon());
      r.put("health", h);
      r.put("online", !t.offline && t.lastSeen != null);
      r.put("last_seen", ZoneMessages.iso(t.lastSeen));
      r.put("command", t.command);
      r.put("acked_at", ZoneMessages.iso(t.ackedAt));
      rows.add(r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ack_seconds", ack.toSeconds());
    out.put("silent_seconds", silent.toSeconds());
    out.put("counts", counts);
    out.put("sirens", rows);
    return out;
  }
}
