package org.tryvoha.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.audit.AuditEntry;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.store.Sql;
import org.tryvoha.zone.ZoneTree;

/**
 * The one door every change of an alert passes, whoever sends it (REST, CAP import, the track feed,
 * approvals): it takes an authenticated {@link Principal}, checks role and scope, applies the
 * {@link TwoPersonRule} where it applies, hands the change to {@link AlertService}, and appends
 * exactly one audit entry per change (group-committed, {@link AuditLog#appendSoon}). Refusals throw
 * a {@link ProblemException} (403, 404, 409) and write nothing; whoever answers the refused request
 * records it.
 *
 * <p>The two-person rule: a REST raise or update it names is held (pending_alerts, so a restart or
 * another node sees it) until another approver approves it or it times out; a CAP import it names
 * is refused with 403, since a CAP sender cannot wait for an approval. Automatic changes from the
 * track feed are not held (a warning that waits for a second person comes after the impact); their
 * reach is bounded by the feed principal's scope instead, and a change outside it is not made.
 * Cancelling is never held.
 *
 * <p>A held update is bound to the alert as it stood when it was held (its version, the sequence
 * number of its latest event): the held record says exactly which type and zones approval would
 * send, any later change of the alert invalidates it (state {@code invalidated}, with an audit
 * entry), and approval re-checks it against the alert as it is then and applies it only to that
 * version. The approver's scope must cover both the alert as it is and what approval makes of it.
 * Revoking an operator withdraws its pending held changes ({@link #withdrawBy}).
 *
 * <p>Thread-safe. Blocking (JDBC, and AlertService waits for the commit): call from a worker thread.
 * A {@code listener} is {@link AlertService}'s: called with the event once it is durable, outside the
 * service's lock and before the event is published (never for a held alert); null for none.
 */
public final class AlertGate {
    private static final Logger log = LoggerFactory.getLogger(AlertGate.class);

    private final AlertService service;
    private final AlertStore store;
    private final ZoneTree tree;
    private final TwoPersonRule rule;
    private final PendingStore pending;
    private final AuditLog audit;
    private final long timeoutSeconds;

    /** Either the alert's event (it went out) or the held alert (it waits for approval). */
    public record Outcome(AlertEvent event, Pending pending) {}

    /** What a CAP message asks for. */
    public enum Action {
        RAISE,
        UPDATE,
        CANCEL
    }

    public AlertGate(
            AlertService service,
            AlertStore store,
            ZoneTree tree,
            TwoPersonRule rule,
            Sql sql,
            AuditLog audit,
            long timeoutSeconds) {
        this.service = service;
        this.store = store;
        this.tree = tree;
        this.rule = rule;
        this.pending = new PendingStore(sql);
        this.audit = audit;
        this.timeoutSeconds = timeoutSeconds;
    }

    public Instant now() {
        return service.now();
    }

    /** A raise from the REST API: sent, or held by the two-person rule. */
    public Outcome raise(Principal p, JsonNode body, Consumer<AlertEvent> listener) {
        Access.requireRole(p, Role.OPERATOR, "raise alerts");
        AlertRequest r = AlertRequest.parse(body, true, tree, service.now());
        Access.requireScope(p, "raise alerts", r.zones(), List.of(r.type()), tree);
        Optional<String> why = holdReason(r.type(), r.zones(), null);
        if (why.isPresent())
            return held(
                    p,
                    "alert.raise",
                    hold(p, "raise", UUID.randomUUID().toString(), r.type(), r.zones(), why.get(), body, null));
        AlertEvent e = service.raise(r, p.name(), UUID.randomUUID().toString(), listener);
        record(p, "alert.raise", 201, e, Map.of("via", "api"));
        return new Outcome(e, null);
    }

    /** An update from the REST API: sent, or held when it widens the alert as far as the two-person rule names. */
    public Outcome update(Principal p, String id, JsonNode body, Consumer<AlertEvent> listener) {
        Access.requireRole(p, Role.OPERATOR, "update alerts");
        StoredAlert stored = currentStored(p, id, "update alerts");
        Alert cur = stored.alert();
        AlertRequest r = AlertRequest.parse(body, false, tree, service.now());
        AlertType type = r.type() != null ? r.type() : cur.type();
        List<String> zones = r.zones() != null ? r.zones() : cur.zones();
        Access.requireScope(p, "update alerts", zones, List.of(type), tree);
        Optional<String> why = holdReason(type, zones, cur);
        if (why.isPresent())
            return held(p, "alert.update", hold(p, "update", id, type, zones, why.get(), body, stored));
        AlertEvent e = service.update(id, r, p.name(), listener);
        record(p, "alert.update", 200, e, Map.of("via", "api"));
        changed(p, e);
        return new Outcome(e, null);
    }

    /** Never held: whoever may act on the alert's zones and type ends it at once. */
    public AlertEvent cancel(Principal p, String id, Consumer<AlertEvent> listener) {
        Access.requireRole(p, Role.OPERATOR, "cancel alerts");
        current(p, id, "cancel alerts");
        AlertEvent e = service.cancel(id, p.name(), listener);
        record(p, "alert.cancel", 200, e, Map.of("via", "api"));
        changed(p, e);
        return e;
    }

    /**
     * A change a CAP message asks for, with the id the importer derived ({@code request} null for a
     * cancel). Role and scope as for the REST API (an update or cancel also needs the alert's current
     * zones and type in scope); 403 when the two-person rule would hold it. {@code detail} (the CAP
     * identifier, sender, signature) goes into the audit entry. The message's {@code receipt} is
     * committed with the event: {@link AlertStore.MessageRefusedException} (nothing changed, nothing
     * audited) when it was applied before, or a message sent after it was applied to the alert.
     */
    public AlertEvent importCap(
            Principal p,
            Action action,
            String alertId,
            AlertRequest request,
            AlertStore.Receipt receipt,
            Map<String, Object> detail) {
        String what = "import CAP messages";
        Access.requireRole(p, Role.OPERATOR, what);
        Alert cur = action == Action.RAISE ? null : current(p, alertId, what);
        if (request != null) {
            AlertType type = request.type() != null ? request.type() : cur.type();
            List<String> zones = request.zones() != null ? request.zones() : cur.zones();
            Access.requireScope(p, what, zones, List.of(type), tree);
            Optional<String> why = holdReason(type, zones, cur);
            if (why.isPresent()) {
                throw new ProblemException(
                        ErrorCode.FORBIDDEN,
                        why.get() + "; a CAP import cannot wait for approval: send it with POST /api/v1/alerts"
                                + " (or tryvoha alert raise), where it is held until another approver approves it");
            }
        }
        AlertEvent e = switch (action) {
            case RAISE -> service.raise(request, p.name(), alertId, receipt, null);
            case UPDATE -> service.update(alertId, request, p.name(), receipt, null);
            case CANCEL -> service.cancel(alertId, p.name(), receipt, null);
        };
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("via", "cap");
        d.putAll(detail);
        record(p, "alert." + action.name().toLowerCase(Locale.ROOT), action == Action.RAISE ? 201 : 200, e, d);
        changed(p, e);
        return e;
    }

    /**
     * The automatic changes of the track feed, acting as {@code p}, in ONE transaction ({@link
     * AlertService#applyAll}). A raise or update whose zones or type fall outside {@code p}'s scope (or
     * any change when {@code p} is null, revoked, or below operator) is not made: its outcome is
     * {@link AlertService.Outcome#forbidden}. Cancels within the role are always made: ending a warning
     * never widens it. Not held by the two-person rule (see the class comment). One audit entry per
     * change made.
     *
     * @return the outcomes, in the order of {@code changes}
     */
    public List<AlertService.Outcome> applyAutomatic(Principal p, List<AlertService.Change> changes) {
        AlertService.Outcome[] out = new AlertService.Outcome[changes.size()];
        List<AlertService.Change> allowed = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            String why = automaticRefusal(p, changes.get(i));
            if (why == null) {
                allowed.add(changes.get(i));
                index.add(i);
            } else out[i] = new AlertService.Outcome(null, why, true);
        }
        if (!allowed.isEmpty()) {
            List<AlertService.Outcome> done = service.applyAll(allowed, p.name());
            for (int k = 0; k < done.size(); k++) {
                out[index.get(k)] = done.get(k);
                AlertEvent e = done.get(k).event();
                if (e != null) {
                    String action = switch (e.kind()) {
                        case ISSUED -> "alert.raise";
                        case UPDATED -> "alert.update";
                        default -> "alert.cancel";
                    };
                    record(p, action, e.kind() == EventKind.ISSUED ? 201 : 200, e, Map.of("via", "tracks"));
                    changed(p, e);
                }
            }
        }
        return List.of(out);
    }

    private String automaticRefusal(Principal p, AlertService.Change c) {
        if (p == null) return "the track feed has no principal to act as (revoked or unknown)";
        if (!p.role().atLeast(Role.OPERATOR))
            return "the track feed principal '" + p.name() + "' has role "
                    + p.role().wire() + ", not operator";
        AlertRequest r = switch (c) {
            case AlertService.Raise raise -> raise.request();
            case AlertService.Update update -> update.request();
            case AlertService.Cancel cancel -> null;
        };
        if (r == null) return null;
        List<String> zones = p.scope().zonesOutside(r.zones(), tree);
        List<AlertType> types = p.scope().typesOutside(List.of(r.type()));
        if (zones.isEmpty() && types.isEmpty()) return null;
        return "outside the scope of '" + p.name() + "'"
                + (zones.isEmpty() ? "" : ": zones " + String.join(", ", zones))
                + (types.isEmpty() ? "" : ": type " + r.type().wire());
    }

    /** Why the rule holds this alert; an update only when it widens the alert (new type, or oblasts it did not reach). */
    private Optional<String> holdReason(AlertType type, List<String> zones, Alert cur) {
        Optional<String> why = rule.reason(type, zones);
        if (cur == null || why.isEmpty()) return why;
        boolean widens = type != cur.type() || !rule.oblasts(cur.zones()).containsAll(rule.oblasts(zones));
        return widens ? why : Optional.empty();
    }

    /**
     * Held alerts, newest first; {@code state} null for all. Expires those due and invalidates those
     * whose alert changed first, so what is listed as pending is what approval would send.
     */
    public List<Pending> list(String state, int limit) {
        settle();
        return pending.list(state, limit);
    }

    public Pending get(String id) {
        settle();
        return pending.byId(id)
                .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no held alert with id " + id));
    }

    /**
     * Approves and sends: refused to the sender (two-person rule), outside scope, or once decided,
     * timed out, invalidated or withdrawn. A held update is checked against the alert as it is now:
     * when the alert changed since it was held it is invalidated (409), the approver's scope must cover
     * both the alert now and the result, and it is applied only to that version of the alert.
     */
    public AlertEvent approve(Principal p, String id) {
        String what = "approve held alerts";
        Pending h = decidable(p, id, what);
        if (h.requestedById().equals(p.id())) {
            throw new ProblemException(
                    ErrorCode.FORBIDDEN,
                    "you sent this alert yourself; the two-person rule needs another approver to approve it"
                            + " (you may reject it to withdraw it)");
        }
        AlertRequest r;
        try {
            r = AlertRequest.parse(Json.MAPPER.readTree(h.body()), h.action().equals("raise"), tree, service.now());
        } catch (Exception ex) {
            pending.decide(id, Pending.PENDING, "failed", p.name(), service.now(), ex.getMessage());
            if (ex instanceof ProblemException pe) throw pe;
            throw new IllegalStateException("the held alert could not be read: " + ex.getMessage(), ex);
        }
        StoredAlert cur = null;
        if (h.action().equals("update")) {
            cur = store.alert(h.alertId()).orElse(null);
            String stale = staleness(h, cur);
            if (stale == null) {
                // what approval would send, from the alert as it is now: must be what the record shows
                AlertType type = r.type() != null ? r.type() : cur.alert().type();
                List<String> zones = r.zones() != null ? r.zones() : cur.alert().zones();
                if (type != h.type() || !zones.equals(h.zones()))
                    stale = "it would now send " + type.wire() + " to " + String.join(", ", zones)
                            + ", not what it shows";
            }
            if (stale != null) throw invalidate(h, stale, p);
            Access.requireScope(
                    p, what, cur.alert().zones(), List.of(cur.alert().type()), tree);
        }
        if (!pending.decide(id, Pending.PENDING, "approved", p.name(), service.now(), null)) throw decided(id);
        AlertEvent e;
        try {
            e = cur == null
                    ? service.raise(r, h.requestedBy(), h.alertId(), null)
                    : service.updateAt(h.alertId(), cur.seq(), r, h.requestedBy(), null);
        } catch (AlertStore.ConcurrentChangeException ex) {
            // the alert changed between the check above and the commit: nothing was sent
            String why = "the alert changed while it was being approved (" + ex.getMessage() + ")";
            if (pending.decide(id, "approved", Pending.INVALIDATED, p.name(), service.now(), why))
                appendAudit(p, "approval.invalidate", id, 409, invalidation(h, why));
            throw invalidated(id, why);
        } catch (Exception ex) {
            pending.decide(id, "approved", "failed", p.name(), service.now(), ex.getMessage());
            if (ex instanceof ProblemException pe) throw pe;
            throw new IllegalStateException("the held alert could not be sent: " + ex.getMessage(), ex);
        }
        Map<String, Object> d = describe(h);
        d.put("seq", e.seq());
        appendAudit(p, "approval.approve", id, 200, d);
        changed(p, e);
        return e;
    }

    /** Rejects; the sender may reject (withdraw) their own held alert. */
    public Pending reject(Principal p, String id, String note) {
        Pending h = pending.byId(id).orElse(null);
        if (h == null || !h.requestedById().equals(p.id())) h = decidable(p, id, "reject held alerts");
        else if (!h.state().equals(Pending.PENDING)) throw decided(id);
        if (!pending.decide(id, Pending.PENDING, "rejected", p.name(), service.now(), note)) throw decided(id);
        Pending done = get(id);
        Map<String, Object> d = describe(done);
        if (note != null) d.put("note", note);
        appendAudit(p, "approval.reject", id, 200, d);
        return done;
    }

    /**
     * Expires held alerts whose time ran out and invalidates held updates whose alert changed (also
     * on another node, or by the expirer, which do not pass this gate); the ids it expired.
     */
    public List<String> settle() {
        List<String> expired = expireDue();
        for (Pending h : pending.pendingUpdates()) {
            String stale = staleness(h, store.alert(h.alertId()).orElse(null));
            if (stale != null) invalidate(h, stale, null);
        }
        return expired;
    }

    /**
     * Withdraws every pending held change {@code operatorId} sent (its key was revoked by {@code by}),
     * each with an audit entry: a revoked sender's word no longer stands. The ids it withdrew.
     */
    public List<String> withdrawBy(Principal by, String operatorId) {
        List<String> ids = new ArrayList<>();
        for (Pending h : pending.pendingBy(operatorId)) {
            String note = "its sender's key was revoked by " + by.name();
            if (!pending.decide(h.id(), Pending.PENDING, Pending.WITHDRAWN, by.name(), service.now(), note)) continue;
            Map<String, Object> d = describe(h);
            d.put("note", note);
            appendAudit(by, "approval.withdraw", h.id(), 410, d);
            ids.add(h.id());
        }
        return ids;
    }

    /** Marks held alerts whose time ran out as expired, each with an audit entry; their ids. */
    public List<String> expireDue() {
        List<String> ids = pending.expire(service.now());
        for (String id : ids)
            audit.append("system", "", "", "approval.expire", id, 410, Map.of("timeout_seconds", timeoutSeconds));
        return ids;
    }

    /** {@code cur}: the alert an update was checked against (null for a raise). */
    private Pending hold(
            Principal p,
            String action,
            String alertId,
            AlertType type,
            List<String> zones,
            String why,
            JsonNode body,
            StoredAlert cur) {
        Instant now = service.now();
        Pending h = new Pending(
                UUID.randomUUID().toString(),
                action,
                alertId,
                type,
                zones,
                why,
                body.toString(),
                p.name(),
                p.id(),
                now,
                now.plusSeconds(timeoutSeconds),
                Pending.PENDING,
                null,
                null,
                null,
                cur == null ? 0L : cur.seq(),
                cur == null ? null : cur.alert().type(),
                cur == null ? null : cur.alert().zones());
        pending.insert(h);
        return h;
    }

    private Outcome held(Principal p, String action, Pending h) {
        Map<String, Object> d = describe(h);
        d.put("via", "api");
        appendAudit(p, action, h.id(), 202, d);
        return new Outcome(null, h);
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
        String by = h.state().equals("expired")
                ? "it timed out at " + h.timeoutAt()
                : "by " + h.decidedBy() + " at " + h.decidedAt();
        boolean why = h.note() != null
                && (h.state().equals(Pending.INVALIDATED) || h.state().equals(Pending.WITHDRAWN));
        return new ProblemException(
                ErrorCode.CONFLICT,
                "held alert " + id + " is already " + h.state() + " (" + by + (why ? ": " + h.note() : "")
                        + "); raise it again if it is still needed");
    }

    /**
     * Why a held update no longer applies to the alert {@code cur} (its current stored version, null
     * when gone); null when it still does.
     */
    private static String staleness(Pending h, StoredAlert cur) {
        if (!h.action().equals("update")) return null;
        if (cur == null) return "the alert " + h.alertId() + " no longer exists";
        if (h.alertSeq() == null)
            return "it was held before the alert's version was recorded with it, so it cannot be checked";
        if (cur.seq() == h.alertSeq() && cur.alert().active()) return null;
        if (!cur.alert().active()) return "the alert ended at " + cur.alert().endedAt() + " after this change was held";
        return "the alert changed after this change was held (it is now at version " + cur.seq() + ", held at "
                + h.alertSeq() + ": " + cur.alert().type().wire() + " for "
                + String.join(", ", cur.alert().zones())
                + ")";
    }

    /** Marks a pending held update invalidated (audit entry, {@code by} null: the system); the 409 to answer. */
    private ProblemException invalidate(Pending h, String why, Principal by) {
        String name = by == null ? "system" : by.name();
        if (pending.decide(h.id(), Pending.PENDING, Pending.INVALIDATED, name, service.now(), why)) {
            Map<String, Object> d = invalidation(h, why);
            if (by == null) audit.append("system", "", "", "approval.invalidate", h.id(), 409, d);
            else appendAudit(by, "approval.invalidate", h.id(), 409, d);
        }
        return decided(h.id());
    }

    private static Map<String, Object> invalidation(Pending h, String why) {
        Map<String, Object> d = describe(h);
        d.put("alert_seq", h.alertSeq());
        d.put("note", why);
        return d;
    }

    private static ProblemException invalidated(String id, String why) {
        return new ProblemException(
                ErrorCode.CONFLICT,
                "held alert " + id + " is invalidated: " + why
                        + "; nothing was sent. Send the change again against the alert as it is now");
    }

    /** After a change of an alert commits: its pending held updates made against an older version are void. */
    private void changed(Principal by, AlertEvent e) {
        if (e.kind() == EventKind.ISSUED) return; // nothing can be held against an alert not yet there
        try {
            for (Pending h : pending.pendingFor(e.alert().id())) {
                if (!h.action().equals("update")) continue;
                if (h.alertSeq() != null && h.alertSeq() >= e.seq()) continue;
                invalidate(
                        h,
                        (e.alert().active() ? "the alert changed after this change was held" : "the alert ended") + " ("
                                + e.kind().wire() + " at version " + e.seq() + " by " + by.name() + ")",
                        by);
            }
        } catch (RuntimeException ex) {
            // the change is made and answered; the next look at the held changes (list, approve, the
            // periodic expirer) invalidates them from the alert's version instead
            log.warn(
                    "could not invalidate held changes of alert {}: {}",
                    e.alert().id(),
                    ex.toString());
        }
    }

    private Alert current(Principal p, String id, String what) {
        return currentStored(p, id, what).alert();
    }

    private StoredAlert currentStored(Principal p, String id, String what) {
        StoredAlert cur =
                store.alert(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
        Access.requireScope(p, what, cur.alert().zones(), List.of(cur.alert().type()), tree);
        return cur;
    }

    /** The one audit entry of a change that was made. */
    private void record(Principal p, String action, int status, AlertEvent e, Map<String, Object> extra) {
        Map<String, Object> d = new LinkedHashMap<>(extra);
        d.put("seq", e.seq());
        d.put("type", e.alert().type().wire());
        d.put("zones", e.alert().zones());
        appendAudit(p, action, e.alert().id(), status, d);
    }

    /**
     * Group-committed: the change is durable already and its answer may be on its way; an entry that
     * cannot be written is logged with everything it says, so it is not lost silently.
     */
    private void appendAudit(Principal p, String action, String target, int status, Map<String, Object> detail) {
        CompletableFuture<AuditEntry> appended;
        try {
            appended = audit.appendSoon(p.name(), p.id(), p.role().wire(), action, target, status, detail);
        } catch (RuntimeException t) {
            appended = CompletableFuture.failedFuture(t);
        }
        appended.whenComplete((entry, t) -> {
            if (t != null)
                log.error(
                        "could not append to the audit log: {} {} ({}) by {} detail {}: {}",
                        action,
                        target,
                        status,
                        p.id(),
                        detail,
                        t.toString());
        });
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
