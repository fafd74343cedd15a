package org.tryvoha.cap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.json.Json;
import org.tryvoha.server.Services;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.http.Http;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * The CAP 1.2 endpoints: {@code POST /api/v1/cap} (import), {@code GET /api/v1/alerts/{id}.cap}
 * (export) and {@code GET /api/v1/cap/feed.atom} (the Atom index of alerts in force).
 */
public final class CapRoutes {
  private static final Logger log = LoggerFactory.getLogger(CapRoutes.class);
  private static final Set<String> XML_TYPES = Set.of("application/cap+xml", "application/xml", "text/xml");

  private final Vertx vertx;
  private final Services s;
  private final Cap cap;
  private final CapImporter importer;

  public CapRoutes(Vertx vertx, Services s, Cap cap) {
    this.vertx = vertx;
    this.s = s;
    this.cap = cap;
    this.importer = new CapImporter(s.tree(), cap.settings.sender(), s.store()::alert);
  }

  private record Answer(int status, Object body, String location) {}

  /** POST /api/v1/cap: a CAP message from an operator; raises, updates or cancels an alert. */
  public void importCap(RoutingContext ctx) {
    String secret = OpsHttp.bearer(ctx);
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!XML_TYPES.contains(mime)) {
      throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the CAP message with Content-Type: application/cap+xml (or application/xml); got " + (type == null ? "none" : type));
    }
    byte[] xml = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (xml.length == 0) throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the request needs a CAP <alert> document as its body");
    vertx.executeBlocking(() -> importBlocking(secret, xml), false).onSuccess(a -> {
      if (a.location() != null) ctx.response().putHeader("Location", a.location());
      Http.json(ctx, a.status(), a.body());
    }).onFailure(ctx::fail);
  }

  private Answer importBlocking(String secret, byte[] xml) {
    String operator = s.keys().authenticate(secret).map(OperatorKey::name)
        .orElseThrow(() -> new ProblemException(ErrorCode.UNAUTHORIZED, "the operator key is not valid or has been revoked"));
    CapReader.Parsed p = CapReader.read(xml);
    CapMessage m = p.message();
    CapSignatures.Verdict verdict;
    try {
      verdict = cap.signatures.check(p.document(), cap.settings.policyFor(m.sender()), m.sender());
    } catch (ProblemException e) {
      log.warn("refused CAP message sender={} identifier={} (operator {}): {}", m.sender(), m.identifier(), operator, e.getMessage());
      throw e;
    }
    CapImporter.Plan plan = importer.plan(m, s.service().now());
    Map<String, Object> capInfo = new LinkedHashMap<>();
    capInfo.put("identifier", m.identifier());
    capInfo.put("sender", m.sender());
    capInfo.put("version", m.version());
    capInfo.put("msg_type", m.msgType());
    capInfo.put("status", m.status());
    capInfo.put("signature", verdict.wire());
    if (plan.draft()) return new Answer(200, draft(plan, capInfo), null);
    if (plan.action() != CapImporter.Action.CANCEL) s.gate().refuseIfHeld(plan.request(), // issue 4: two-person rule
        plan.action() == CapImporter.Action.RAISE ? null : plan.alertId(), "a CAP import");
    AlertEvent e = switch (plan.action()) {
      case RAISE -> {
        if (s.store().alert(plan.alertId()).isPresent()) {
          throw new ProblemException(ErrorCode.CONFLICT, "this CAP message (sender " + m.sender() + ", identifier " + m.identifier()
              + ") was already imported as alert " + plan.alertId() + "; send an Update or Cancel that references it");
        }
        yield s.service().raise(plan.request(), operator, plan.alertId());
      }
      case UPDATE -> s.service().update(plan.alertId(), plan.request(), operator);
      case CANCEL -> s.service().cancel(plan.alertId(), operator);
    };
    log.info("CAP {} {} from {} (operator {}, signature {}): alert {} event {}", m.msgType(), m.identifier(), m.sender(), operator,
        verdict.wire(), e.alert().id(), e.seq());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", e.seq());
    out.put("kind", e.kind());
    out.put("at", e.at());
    out.put("alert", view(new StoredAlert(e.alert(), e.seq())));
    out.put("cap", capInfo);
    return new Answer(plan.action() == CapImporter.Action.RAISE ? 201 : 200, out,
        plan.action() == CapImporter.Action.RAISE ? "/api/v1/alerts/" + e.alert().id() : null);
  }

  private static Map<String, Object> draft(CapImporter.Plan plan, Map<String, Object> capInfo) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("draft", "Draft".equals(capInfo.get("status")));
    out.put("published", false);
    out.put("action", plan.action().name().toLowerCase(Locale.ROOT));
    out.put("alert_id", plan.alertId());
    AlertRequest r = plan.request();
    if (r != null) {
      Map<String, Object> would = new LinkedHashMap<>();
      would.put("type", r.type());
      would.put("zones", r.zones());
      would.put("message", r.message());
      would.put("expires_at", r.expiresAt());
      out.put("would", would);
    }
    out.put("cap", capInfo);
    return out;
  }

  /** GET /api/v1/alerts/{id}.cap: the alert as a CAP 1.2 message, its history in references. */
  public void export(RoutingContext ctx) {
    String id = ctx.pathParam("param0");
    vertx.executeBlocking(() -> {
      StoredAlert a = s.store().alert(id).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
      List<org.tryvoha.event.AlertEvent> history = AlertHistory.of(s.store(), a);
      return cap.writer.write(history, s.signer().json(history.get(history.size() - 1))); // issue 4: signed
    }, false).onSuccess(b -> ctx.response().putHeader("Content-Type", "application/cap+xml; charset=utf-8").end(Buffer.buffer(b)))
        .onFailure(ctx::fail);
  }

  /** GET /api/v1/cap/feed.atom?zone=...: alerts in force (touching the zones, when given). */
  public void feed(RoutingContext ctx) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> reach = new HashSet<>();
    List<String> zones = new ArrayList<>();
    for (String v : ctx.queryParam("zone")) for (String z : v.split(",")) if (!z.isBlank()) zones.add(z.strip());
    for (int i = 0; i < zones.size(); i++) {
      Set<String> r = s.reach().of(zones.get(i));
      if (r.isEmpty()) errs.add(new FieldError("zone[" + i + "]", "unknown zone id '" + zones.get(i) + "'"));
      reach.addAll(r);
    }
    if (!errs.isEmpty()) throw ProblemException.invalid(errs);
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    String base = ctx.request().scheme() + "://" + host;
    String self = ctx.request().uri();
    vertx.executeBlocking(() -> {
      List<StoredAlert> active = s.store().active().stream()
          .filter(a -> zones.isEmpty() || a.alert().zones().stream().anyMatch(reach::contains)).toList();
      return AtomFeed.write(active, s.tree(), cap.settings.sender(), base, self, s.service().now());
    }, false).onSuccess(b -> ctx.response().putHeader("Content-Type", "application/atom+xml; charset=utf-8").end(Buffer.buffer(b)))
        .onFailure(ctx::fail);
  }

  private static ObjectNode view(StoredAlert a) {
    ObjectNode n = Json.MAPPER.valueToTree(a.alert());
    n.put("version", a.seq());
    return n;
  }
}
