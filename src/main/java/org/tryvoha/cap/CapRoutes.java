package org.tryvoha.cap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.http.Http;
import org.tryvoha.http.PublicUrl;
import org.tryvoha.json.Json;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.Applied;
import org.tryvoha.store.AlertStore.MessageId;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/**
 * The CAP 1.2 endpoints: {@code POST /api/v1/cap} (import), {@code GET /api/v1/alerts/{id}.cap}
 * (export) and {@code GET /api/v1/cap/feed.atom} (the Atom index of alerts in force).
 */
public final class CapRoutes {
    private static final Logger log = LoggerFactory.getLogger(CapRoutes.class);
    private static final Set<String> XML_TYPES = Set.of("application/cap+xml", "application/xml", "text/xml");

    private final Vertx vertx;
    private final Cap cap;
    private final ZoneTree tree;
    private final ZoneReach reach;
    private final AlertStore store;
    private final AlertGate gate;
    private final Operators operators;
    private final EventSigner signer;
    private final CapImporter importer;
    private final PublicUrl publicUrl;

    /** {@code store} is read only (export, feed, the importer's look-ups); every change goes through {@code gate}. */
    public CapRoutes(
            Vertx vertx,
            Cap cap,
            ZoneTree tree,
            ZoneReach reach,
            AlertStore store,
            AlertGate gate,
            Operators operators,
            EventSigner signer,
            PublicUrl publicUrl) {
        this.vertx = vertx;
        this.publicUrl = publicUrl;
        this.cap = cap;
        this.tree = tree;
        this.reach = reach;
        this.store = store;
        this.gate = gate;
        this.operators = operators;
        this.signer = signer;
        this.importer = new CapImporter(tree, cap.settings.sender(), store::alert);
    }

    private record Answer(int status, Object body, String location, boolean audited) {}

    /**
     * POST /api/v1/cap: a CAP message from an operator (any operator key: an account or a {@code tvk_}
     * key); raises, updates or cancels an alert through the gate, which checks role and scope, refuses
     * what the two-person rule would hold, and writes the audit entry.
     */
    public void importCap(RoutingContext ctx) {
        ctx.put(OpsHttp.ACTION, "cap.import");
        String secret = OpsHttp.bearer(ctx);
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!XML_TYPES.contains(mime)) {
            throw new ProblemException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the CAP message with Content-Type: application/cap+xml (or application/xml); got "
                            + (type == null ? "none" : type));
        }
        byte[] xml = ctx.body() == null || ctx.body().buffer() == null
                ? new byte[0]
                : ctx.body().buffer().getBytes();
        if (xml.length == 0)
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST, "the request needs a CAP <alert> document as its body");
        vertx.executeBlocking(() -> importBlocking(OpsHttp.authenticate(ctx, operators, secret), xml), false)
                .onSuccess(a -> {
                    if (a.audited()) OpsHttp.audited(ctx);
                    if (a.location() != null) ctx.response().putHeader("Location", a.location());
                    Http.json(ctx, a.status(), a.body());
                })
                .onFailure(ctx::fail);
    }

    private Answer importBlocking(Principal who, byte[] xml) {
        Access.requireRole(who, Role.OPERATOR, "import CAP messages"); // drafts too: a dry run of an operator's change
        String operator = who.name();
        CapReader.Parsed p = CapReader.read(xml);
        CapMessage m = p.message();
        CapSignatures.Verdict verdict;
        try {
            verdict = cap.signatures.check(p.document(), cap.settings.policyFor(m.sender()), m.sender());
        } catch (ProblemException e) {
            log.warn(
                    "refused CAP message sender={} identifier={} (operator {}): {}",
                    m.sender(),
                    m.identifier(),
                    operator,
                    e.getMessage());
            throw e;
        }
        Map<String, Object> capInfo = new LinkedHashMap<>();
        capInfo.put("identifier", m.identifier());
        capInfo.put("sender", m.sender());
        capInfo.put("version", m.version());
        capInfo.put("msg_type", m.msgType());
        capInfo.put("status", m.status());
        capInfo.put("signature", verdict.wire());
        boolean forPublic = !"Draft".equals(m.status()) && !"System".equals(m.status());
        // the one look-up: this message and those it references, as the store remembers them
        Map<MessageId, Applied> known = store.applied(CapImporter.lookup(m));
        if (forPublic) {
            Applied before = known.get(CapImporter.messageId(m));
            if (before != null) return replay(before.seq(), capInfo);
            Optional<String[]> own = importer.ownExport(m.sender(), m.identifier());
            if (own.isPresent()) {
                Answer mine = ownExport(own.get()[0], Long.parseLong(own.get()[1]), capInfo);
                if (mine != null) return mine;
            }
        }
        CapImporter.Plan plan = importer.plan(m, known, gate.now());
        if (plan.draft()) return new Answer(200, draft(plan, capInfo), null, false);
        AlertEvent e;
        try {
            e = gate.importCap(
                    who,
                    AlertGate.Action.valueOf(plan.action().name()),
                    plan.alertId(),
                    plan.request(),
                    plan.receipt(),
                    capInfo);
        } catch (AlertStore.MessageRefusedException x) {
            // a copy of this message (or a newer one) was applied between the look-up and the commit
            if (x.applied != null) return replay(x.applied.seq(), capInfo);
            throw CapImporter.stale(m, plan.alertId(), x.newestSent);
        } catch (ProblemException x) {
            // an Alert whose alert exists without a receipt: imported before receipts were kept
            if (plan.action() != CapImporter.Action.RAISE || x.code != ErrorCode.CONFLICT) throw x;
            Optional<StoredAlert> raised = store.alert(plan.alertId());
            if (raised.isEmpty()) throw x;
            return replay(AlertHistory.of(store, raised.get()).getFirst().seq(), capInfo);
        }
        log.info(
                "CAP {} {} from {} (operator {}, signature {}): alert {} event {}",
                m.msgType(),
                m.identifier(),
                m.sender(),
                operator,
                verdict.wire(),
                e.alert().id(),
                e.seq());
        return new Answer(
                plan.action() == CapImporter.Action.RAISE ? 201 : 200,
                answer(e, capInfo, false),
                plan.action() == CapImporter.Action.RAISE
                        ? "/api/v1/alerts/" + e.alert().id()
                        : null,
                true);
    }

    /**
     * The answer to a message applied before: 200 with the event it produced, nothing changed. CAP
     * pipelines deliver at least once, so a copy is normal, not an error.
     */
    private Answer replay(long seq, Map<String, Object> capInfo) {
        List<AlertEvent> e = store.events(seq - 1, 1);
        if (e.isEmpty() || e.getFirst().seq() != seq)
            throw new IllegalStateException("event " + seq + " of an applied CAP message is missing from the log");
        return new Answer(200, answer(e.getFirst(), capInfo, true), null, false);
    }

    /** An export of this server posted back: its event, when that event is this alert's; else null. */
    private Answer ownExport(String alertId, long seq, Map<String, Object> capInfo) {
        List<AlertEvent> e = store.events(seq - 1, 1);
        if (e.isEmpty()
                || e.getFirst().seq() != seq
                || !e.getFirst().alert().id().equals(alertId)) return null;
        return new Answer(200, answer(e.getFirst(), capInfo, true), null, false);
    }

    private static Map<String, Object> answer(AlertEvent e, Map<String, Object> capInfo, boolean replayed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", e.seq());
        out.put("kind", e.kind());
        out.put("at", e.at());
        out.put("alert", view(new StoredAlert(e.alert(), e.seq())));
        out.put("cap", capInfo);
        if (replayed) out.put("replayed", true);
        return out;
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
        vertx.executeBlocking(
                        () -> {
                            StoredAlert a = store.alert(id)
                                    .orElseThrow(
                                            () -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id));
                            List<AlertEvent> history = AlertHistory.of(store, a);
                            return cap.writer.write(history, signer.json(history.get(history.size() - 1)));
                        },
                        false)
                .onSuccess(b -> ctx.response()
                        .putHeader("Content-Type", "application/cap+xml; charset=utf-8")
                        .end(Buffer.buffer(b)))
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/cap/feed.atom?zone=...: alerts in force (touching the zones, when given). */
    public void feed(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> reached = new HashSet<>();
        List<String> zones = new ArrayList<>();
        for (String v : ctx.queryParam("zone")) for (String z : v.split(",")) if (!z.isBlank()) zones.add(z.strip());
        for (int i = 0; i < zones.size(); i++) {
            Set<String> r = reach.of(zones.get(i));
            if (r.isEmpty()) errs.add(new FieldError("zone[" + i + "]", "unknown zone id '" + zones.get(i) + "'"));
            reached.addAll(r);
        }
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        String base = publicUrl.base(ctx.request()); // the setting, never the client's Host header
        // the feed's own link from the checked zones only, so nothing else of the request is echoed
        String self = "/api/v1/cap/feed.atom"
                + (zones.isEmpty()
                        ? ""
                        : "?zone="
                                + String.join(
                                        ",",
                                        zones.stream()
                                                .map(z -> URLEncoder.encode(z, StandardCharsets.UTF_8))
                                                .toList()));
        vertx.executeBlocking(
                        () -> {
                            List<StoredAlert> active = store.active().stream()
                                    .filter(a -> zones.isEmpty()
                                            || a.alert().zones().stream().anyMatch(reached::contains))
                                    .toList();
                            return AtomFeed.write(active, tree, cap.settings.sender(), base, self, gate.now());
                        },
                        false)
                .onSuccess(b -> ctx.response()
                        .putHeader("Content-Type", "application/atom+xml; charset=utf-8")
                        .end(Buffer.buffer(b)))
                .onFailure(ctx::fail);
    }

    private static ObjectNode view(StoredAlert a) {
        ObjectNode n = Json.MAPPER.valueToTree(a.alert());
        n.put("version", a.seq());
        return n;
    }
}
