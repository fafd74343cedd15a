package org.tryvoha.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.tryvoha.json.Json;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertType;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.store.Sql;
import org.tryvoha.zone.ZoneTree;

/**
 * The operator's way to {@link AlertService}: checks role and scope, holds raises and updates that
 * the {@link TwoPersonRule} names until another approver approves them (or they time out), and
 * cancels at once. Held alerts live in the store (pending_alerts), so a restart or another node
 * sees them.
 *
 * <p>Thread-safe. Blocking (JDBC, and AlertService waits for the commit): call from a worker thread.
 * The {@code committed} hooks are {@link AlertService}'s: called with the event once it is durable,
 * before it is published (never for a held alert).
 */
public final class AlertGate {
  private final AlertService service;
  private final AlertStore store;
  private final ZoneTree tree;
  private final TwoPersonRule rule;
  private final PendingStore pending;
  private final AuditLog audit;
  private final long timeoutSeconds;

  /** Either the alert's event (it went out) or the held alert (it waits for approval). */
  public record Outcome(AlertEvent event, Pending pending) {}

  public AlertGate(AlertService service, AlertStore store, ZoneTree tree, TwoPersonRule rule, Sql sql, AuditLog audit, long timeoutSeconds) {
    this.service = service;
    this.store = store;
    this.tree = tree;
    this.rule = rule;
    this.pending = new PendingStore(sql);
    this.audit = audit;
    this.timeoutSeconds = timeoutSeconds;
  }

  public Outcome raise(Principal p, JsonNode body) {
    return raise(p, body, AlertService.NO_HOOK);
  }

  public Outcome raise(Principal p, JsonNode body, Consumer<AlertEvent> committed) {
    Access.requireRole(p, Role.OPERATOR, "raise alerts");
    AlertRequest r = AlertRequest.parse(body, true, tree, service.now());
    Access.requireScope(p, "raise alerts", r.zones(), List.of(r.type()), tree);
    Optional<String> why = holdReason(r.type(), r.zones(), null);
    if (why.isPresent()) return new Outcome(null, hold(p, "raise", UUID.randomUUID().toString(), r.type(), r.zones(), why.get(), body));
    return new Outcome(service.raise(r, p.name(), UUID.randomUUID().toString(), committed), null);
  }

  public Outcome update(Principal p, String id, JsonNode body) {
    return update(p, id, body, AlertService.NO_HOOK);
  }

  public Outcome update(Principal p, String id, JsonNode body, Consumer<AlertEvent> committed) {
    Access.requireRole(p, Role.OPERATOR, "update alerts");
    Alert cur = current(p, id, "update alerts");
    AlertRequest r = AlertRequest.parse(body, false, tree, service.now());
    AlertType type = r.type() != null ? r.type() : cur.type();
    List<String> zones = r.zones() != null ? r.zones() : cur.zones();
    Access.requireScope(p, "update alerts", zones, List.of(type), tree);
    Optional<String> why = holdReason(type, zones, cur);
    if (why.isPresent()) return new Outcome(null, hold(p, "update", id, type, zones, why.get(), body));
    return new Outcome(service.update(id, r, p.name(), committed), null);
  }

  /**
   * For writes that cannot wait for approval (CAP import): a 403 when the two-person rule would
   * hold this raise ({@code cur} null) or update.
   */
  public void refuseIfHeld(AlertRequest r, String alertId, String via) {
    Alert cur = alertId == null ? null : store.alert(alertId).map(StoredAlert::alert).orElse(null);
    AlertType type = r.type() != null ? r.type() : cur == null ? null : cur.type();
    List<String> zones = r.zones() != null ? r.zones() : cur == null ? List.of() : cur.zones();
    if (type == null) return;
    Optional<String> why = holdReason(type, zones, cur);
    if (why.isPresent()) {
      throw new ProblemException(ErrorCode.FORBIDDEN, why.get() + "; " + via + " cannot wait for approval: send it with POST /api/v1/alerts"
          + " (or tryvoha alert raise), where it is held until another approver approves it");
    }
  }

  /** Why the rule holds this alert; an update only when it widens the alert (new type, or oblasts it did not reach). */
  private Optional<String> holdReason(AlertType type, List<String> zones, Alert cur) {
    Optional<String> why = rule.reason(type, zones);
    if (cur == null || why.isEmpty()) return why;
    boolean widens = type != cur.type() || !rule.oblasts(cur.zones()).containsAll(rule.oblasts(zones));
    return widens ? why : Optional.empty();
  }

  /** Never held: whoever may act on the alert's zones and type ends it at once. */
  public AlertEvent cancel(Principal p, String id) {
    return cancel(p, id, AlertService.NO_HOOK);
  }

  public AlertEvent cancel(Principal p, String id, Consumer<AlertEvent> committed) {
    Access.requireRole(p, Role.OPERATOR, "cancel alerts");
    current(p, id, "cancel alerts");
    return service.cancel(id, p.name(), committed);
  }

  /** Held alerts, newest first; {@code state} null for all. Expires those due first. */
  public List<Pending> list(String state, int limit) {
    expireDue();
    return pending.list(state, limit);
  }

  public Pending get(String id) {
    expireDue();
    return pending.byId(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no held alert with id " + id));
  }

  /** Approves and sends: refused to the sender (two-person rule), outside scope, or once decided or timed out. */
  public AlertEvent approve(Principal p, String id) {
    Pending h = decidable(p, id, "approve held alerts");
    if (h.requestedById().equals(p.id())) {
      throw new ProblemException(ErrorCode.FORBIDDEN, "you sent this alert yourself; the two-person rule needs another approver to approve it"
          + " (you may reject it to withdraw it)");
    }
    if (!pending.decide(id, Pending.PENDING, "approved", p.name(), service.now(), null)) throw decided(id);
    try {
      JsonNode body = Json.MAPPER.readTree(h.body());
      return h.action().equals("raise")
          ? service.raise(AlertRequest.parse(body, true, tree, service.now()), h.requestedBy(), h.alertId())
          : service.update(h.alertId(), AlertRequest.parse(body, false, tree, service.now()), h.requestedBy());
    } catch (Exception e) {
      pending.decide(id, "approved", "failed", p.name(), service.now(), e.getMessage());
      if (e instanceof ProblemException pe) throw pe;
      throw new IllegalStateException("the held alert could not be sent: " + e.getMessage(), e);
    }
  }

  /** Rejects; the sender may reject (withdraw) their own held alert. */
  public Pending reject(Principal p, String id, String note) {
    Pending h = pending.byId(id).orElse(null);
    if (h == null || !h.requestedById().equals(p.id())) h = decidable(p, id, "reject held alerts");
    else if (!h.state().equals(Pending.PENDING)) throw decided(id);
    if (!pending.decide(id, Pending.PENDING, "rejected", p.name(), service.now(), note)) throw decided(id);
    return get(id);
  }

  /** Marks held alerts whose time ran out as expired, each with an audit entry; their ids. */
  public List<String> expireDue() {
    List<String> ids = pending.expire(service.now());
    for (String id : ids) audit.append("system", "", "", "approval.expire", id, 410, Map.of("timeout_seconds", timeoutSeconds));
    return ids;
  }

  private Pending hold(Principal p, String action, String alertId, AlertType type, List<String> zones, String why, JsonNode body) {
    Instant now = service.now();
    Pending h = new Pending(UUID.randomUUID().toString(), action, alertId, type, zones, why, body.toString(), p.name(), p.id(), now,
        now.plusSeconds(timeoutSeconds), Pending.PENDING, null, null, null);
    pending.insert(h);
    return h;
  }

  private Pending decidable(Principal p, String id, String what) {
    Access.requireRole(p, Role.APPROVER, what);
    Pending h = get(id);
    if (!h.state().equals(Pending.PENDING)) throw decided(id);
    Access.requireScope(p, what, h.zones(), List.of(h.type()), tree);
    return h;
  }

  private ProblemException decided(String id) {
    Pending h = pending.byId(id).orElseThrow();
    String by = h.state().equals("expired") ? "it timed out at " + h.timeoutAt() : "by " + h.decidedBy() + " at " + h.decidedAt();
    return new ProblemException(ErrorCode.CONFLICT, "held alert " + id + " is already " + h.state() + " (" + by + "); raise it again if it is still needed");
  }

  private Alert current(Principal p, String id, String what) {
    StoredAlert cur = store.alert(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
    Access.requireScope(p, what, cur.alert().zones(), List.of(cur.alert().type()), tree);
    return cur.alert();
  }

  /** What an audit entry says about a held alert. */
  public static Map<String, Object> describe(Pending h) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("held", h.id());
    d.put("alert", h.alertId());
    d.put("type", h.type().wire());
    d.put("zones", h.zones());
    d.put("reason", h.reason());
    return d;
  }
}
