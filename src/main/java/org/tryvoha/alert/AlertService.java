package org.tryvoha.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tryvoha.bus.EventBus;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * Raises, updates, cancels and expires alerts: checks the change against the alert's current
 * state, commits it to the store, and only then publishes it on the bus.
 *
 * <p>Blocking (it waits for the durable commit): call from a worker thread, never an event loop.
 * Changes are serialised, so events reach the bus in sequence order.
 */
public final class AlertService {
  private final AlertStore store;
  private final EventBus bus;
  private final Clock clock;

  public AlertService(AlertStore store, EventBus bus, Clock clock) {
    this.store = store;
    this.bus = bus;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public AlertEvent raise(AlertRequest r, String sender) {
    return raise(r, sender, UUID.randomUUID().toString());
  }

  /** Raises with a caller-chosen id (CAP import: derived from the CAP sender and identifier); 409 when it exists. */
  public synchronized AlertEvent raise(AlertRequest r, String sender, String id) {
    Instant now = now();
    Alert a =
        new Alert(id, r.type(), r.status(), r.zones(), r.area(), r.message(), sender, now,
            r.expiresAt(), now, null, true);
    return commit(EventKind.ISSUED, a, List.of(), now, 0);
  }

  public synchronized AlertEvent update(String id, AlertRequest r, String sender) {
    StoredAlert cur = activeAlert(id, "update");
    Alert a = cur.alert();
    if (r.status() != null && r.status() != a.status()) {
      throw new ProblemException(ErrorCode.CONFLICT,
          "an alert's status cannot change from " + a.status().wire() + " to " + r.status().wire() + "; cancel it and raise a new one");
    }
    Map<String, String> message = new LinkedHashMap<>(a.message());
    if (r.message() != null) message.putAll(r.message());
    Instant expires = r.clearExpiry() ? null : r.expiresAt() != null ? r.expiresAt() : a.expiresAt();
    Instant now = now();
    Alert next =
        new Alert(a.id(), r.type() != null ? r.type() : a.type(), a.status(), r.zones() != null ? r.zones() : a.zones(),
            r.zones() != null ? r.area() : a.area(), message, a.sender(), a.issuedAt(), expires, now, null, true);
    return commit(EventKind.UPDATED, next, a.zones(), now, cur.seq());
  }

  public synchronized AlertEvent cancel(String id, String sender) {
    StoredAlert cur = activeAlert(id, "cancel");
    Instant now = now();
    return commit(EventKind.CANCELLED, cur.alert().ended(now), List.of(), now, cur.seq());
  }

  /** Ends an alert whose expiry has passed; empty when it already ended or is not due. */
  public synchronized Optional<AlertEvent> expireIfDue(String id) {
    Instant now = now();
    return store
        .alert(id)
        .filter(s -> s.alert().active() && s.alert().expiresAt() != null && !s.alert().expiresAt().isAfter(now))
        .map(s -> commit(EventKind.EXPIRED, s.alert().ended(now), List.of(), now, s.seq()));
  }

  private StoredAlert activeAlert(String id, String action) {
    StoredAlert cur =
        store.alert(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
    if (!cur.alert().active()) {
      throw new ProblemException(ErrorCode.CONFLICT,
          "cannot " + action + " alert " + id + ": it already ended at " + cur.alert().endedAt());
    }
    return cur;
  }

  private AlertEvent commit(EventKind kind, Alert a, List<String> previousZones, Instant at, long expectedSeq) {
    AlertEvent e;
    try {
      e = store.append(kind, a, previousZones, at, expectedSeq);
    } catch (AlertStore.ConcurrentChangeException ex) {
      throw new ProblemException(ErrorCode.CONFLICT, ex.getMessage() + "; read it again and retry");
    }
    bus.publish(e);
    return e;
  }
}
