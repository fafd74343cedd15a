package org.tryvoha.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tryvoha.Json;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.alert.AlertService;
import org.tryvoha.alert.AlertStatus;
import org.tryvoha.alert.AlertType;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.store.HistoryPage;
import org.tryvoha.store.HistoryQuery;
import org.tryvoha.stream.EncodedEvent;
import org.tryvoha.stream.ZoneReach;

/** Raising, updating, cancelling and reading alerts, and the event log. */
final class AlertRoutes {
  private final Vertx vertx;
  private final AlertService service;
  private final AlertStore store;
  private final Keys keys;
  private final ZoneReach reach;

  AlertRoutes(Vertx vertx, AlertService service, AlertStore store, Keys keys, ZoneReach reach) {
    this.vertx = vertx;
    this.service = service;
    this.store = store;
    this.keys = keys;
    this.reach = reach;
  }

  private org.tryvoha.signing.EventSigner signer; // issue 4: the event log API sends events signed, as the streams do

  AlertRoutes signedBy(org.tryvoha.signing.EventSigner signer) {
    this.signer = signer;
    return this;
  }

  void raise(RoutingContext ctx) {
    String secret = bearer(ctx);
    JsonNode body = Http.body(ctx, true);
    vertx
        .executeBlocking(() -> service.raise(AlertRequest.parse(body, true, reach.tree(), service.now()), operator(secret)), false)
        .onSuccess(e -> {
          ctx.response().putHeader("Location", "/api/v1/alerts/" + e.alert().id());
          Http.json(ctx, 201, result(e));
        })
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    String secret = bearer(ctx);
    JsonNode body = Http.body(ctx, true);
    String id = ctx.pathParam("id");
    Http.blocking(vertx, ctx, 200, () -> {
      String who = operator(secret);
      return result(service.update(id, AlertRequest.parse(body, false, reach.tree(), service.now()), who));
    });
  }

  void cancel(RoutingContext ctx) {
    String secret = bearer(ctx);
    String id = ctx.pathParam("id");
    Http.blocking(vertx, ctx, 200, () -> result(service.cancel(id, operator(secret))));
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Http.blocking(vertx, ctx, 200, () -> view(store.alert(id)
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id))));
  }

  /** {@code ?active=true}: the alerts in force; otherwise history with filters and cursor paging. */
  void list(RoutingContext ctx) {
    if ("true".equals(ctx.request().getParam("active"))) {
      Http.blocking(vertx, ctx, 200, () -> Map.of("alerts", store.active().stream().map(AlertRoutes::view).toList()));
      return;
    }
    List<FieldError> errs = new ArrayList<>();
    Set<String> zones = new HashSet<>();
    List<String> zoneIds = Http.multi(ctx, "zone");
    for (int i = 0; i < zoneIds.size(); i++) {
      Set<String> r = reach.of(zoneIds.get(i));
      if (r.isEmpty()) errs.add(new FieldError("zone[" + i + "]", "unknown zone id '" + zoneIds.get(i) + "'"));
      zones.addAll(r);
    }
    Set<AlertType> types = new HashSet<>();
    Set<AlertStatus> statuses = new HashSet<>();
    for (String t : Http.multi(ctx, "type")) {
      try {
        types.add(AlertType.parse(t));
      } catch (IllegalArgumentException e) {
        errs.add(new FieldError("type", e.getMessage()));
      }
    }
    for (String s : Http.multi(ctx, "status")) {
      try {
        statuses.add(AlertStatus.parse(s));
      } catch (IllegalArgumentException e) {
        errs.add(new FieldError("status", e.getMessage()));
      }
    }
    HistoryQuery q = new HistoryQuery(zones.isEmpty() ? null : zones, types, statuses, Http.timeParam(ctx, "from", errs),
        Http.timeParam(ctx, "to", errs), ctx.request().getParam("cursor"), Http.intParam(ctx, "limit", 100, 1, 1000, errs));
    Http.check(errs);
    Http.blocking(vertx, ctx, 200, () -> {
      HistoryPage page = store.history(q);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("alerts", page.items().stream().map(AlertRoutes::view).toList());
      out.put("next_cursor", page.nextCursor());
      return out;
    });
  }

  /** The event log from a sequence number: {@code ?after=N&limit=..}. */
  void events(RoutingContext ctx) {
    List<FieldError> errs = new ArrayList<>();
    long after = Http.longParam(ctx, "after", 0, errs);
    int limit = Http.intParam(ctx, "limit", 100, 1, 1000, errs);
    Http.check(errs);
    Http.blocking(vertx, ctx, 200, () -> {
      List<Object> events = store.events(after, limit).stream()
          .map(e -> signer != null ? (Object) signer.node(e) : new EncodedEvent.Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones())).toList();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("events", events);
      out.put("last_seq", store.lastSeq());
      return out;
    });
  }

  static ObjectNode view(StoredAlert s) {
    ObjectNode n = Json.MAPPER.valueToTree(s.alert());
    n.put("version", s.seq());
    return n;
  }

  private static Map<String, Object> result(AlertEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", e.seq());
    out.put("kind", e.kind());
    out.put("at", e.at());
    out.put("alert", view(new StoredAlert(e.alert(), e.seq())));
    return out;
  }

  private static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h == null || h.isBlank()) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "send the operator key as 'Authorization: Bearer <key>'");
    }
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ProblemException(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <key>'");
    }
    return h.substring(7).strip();
  }

  /** The name of the operator holding this key; 401 when the key is unknown or revoked. Blocking. */
  private String operator(String secret) {
    return keys.authenticate(secret).map(OperatorKey::name)
        .orElseThrow(() -> new ProblemException(ErrorCode.UNAUTHORIZED, "the operator key is not valid or has been revoked"));
  }
}
