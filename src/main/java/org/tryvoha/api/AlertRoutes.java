package org.tryvoha.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.http.Http;
import org.tryvoha.json.Json;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.store.HistoryPage;
import org.tryvoha.store.HistoryQuery;
import org.tryvoha.zone.ZoneReach;

/** Raising, updating, cancelling and reading alerts, and the event log. */
public final class AlertRoutes {
    private static final Logger log = LoggerFactory.getLogger(AlertRoutes.class);
    private final Vertx vertx;
    private final AlertStore store;
    private final ZoneReach reach;
    private final Operators operators;
    private final AlertGate gate;

    public AlertRoutes(Vertx vertx, AlertStore store, ZoneReach reach, Operators operators, AlertGate gate) {
        this.vertx = vertx;
        this.store = store;
        this.reach = reach;
        this.operators = operators;
        this.gate = gate;
    }

    private EventSigner signer; // the event log API sends events signed, as the streams do

    public AlertRoutes signedBy(EventSigner signer) {
        this.signer = signer;
        return this;
    }

    /**
     * 201 with the event, or 202 with the held alert when the two-person rule applies. The 201 is
     * queued on this request's event loop by the gate's listener, once the commit is durable and before
     * the event is published, so it goes out ahead of the fan-out that the event queues on the same
     * loop. The gate writes the audit entry of a change it made or held.
     */
    public void raise(RoutingContext ctx) {
        ctx.put(OpsHttp.ACTION, "alert.raise");
        String secret = OpsHttp.bearer(ctx);
        JsonNode body = Http.body(ctx, true);
        Once once = new Once(ctx);
        vertx.executeBlocking(
                        () -> gate.raise(
                                OpsHttp.authenticate(ctx, operators, secret),
                                body,
                                once.listener(e -> answer(ctx, new AlertGate.Outcome(e, null), 201))),
                        false)
                .onSuccess(o -> once.answer(() -> answer(ctx, o, 201)))
                .onFailure(once::fail);
    }

    /** 200 with the event (answered before the publication, as {@link #raise}), or 202 when held. */
    public void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.put(OpsHttp.ACTION, "alert.update");
        ctx.put(OpsHttp.TARGET, id);
        String secret = OpsHttp.bearer(ctx);
        JsonNode body = Http.body(ctx, true);
        Once once = new Once(ctx);
        vertx.executeBlocking(
                        () -> gate.update(
                                OpsHttp.authenticate(ctx, operators, secret),
                                id,
                                body,
                                once.listener(e -> answer(ctx, new AlertGate.Outcome(e, null), 200))),
                        false)
                .onSuccess(o -> once.answer(() -> answer(ctx, o, 200)))
                .onFailure(once::fail);
    }

    /** 200 with the event, answered before the publication, as {@link #raise}. */
    public void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.put(OpsHttp.ACTION, "alert.cancel");
        ctx.put(OpsHttp.TARGET, id);
        String secret = OpsHttp.bearer(ctx);
        Once once = new Once(ctx);
        vertx.executeBlocking(
                        () -> gate.cancel(
                                OpsHttp.authenticate(ctx, operators, secret),
                                id,
                                once.listener(e -> cancelled(ctx, e))),
                        false)
                .onSuccess(e -> once.answer(() -> cancelled(ctx, e)))
                .onFailure(once::fail);
    }

    /**
     * One request's answer, sent once: either from the gate's listener (queued on the request's
     * event loop between the durable commit and the publication) or, when no event was committed
     * (held, refused), once the work is done. A failure after the answer (the bus closed
     * during shutdown; the commit is durable) is only logged.
     */
    private static final class Once {
        private final RoutingContext ctx;
        private final Context loop;
        private final AtomicBoolean sent = new AtomicBoolean();
        private final long startedNanos;

        Once(RoutingContext ctx) {
            this.ctx = ctx;
            this.loop = ctx.vertx().getOrCreateContext(); // called on the request's event loop: its context
            this.startedNanos = System.nanoTime();
        }

        Consumer<AlertEvent> listener(Consumer<AlertEvent> answer) {
            return e -> {
                if (sent.compareAndSet(false, true))
                    loop.runOnContext(v -> {
                        timing();
                        answer.accept(e);
                    });
            };
        }

        void answer(Runnable answer) {
            if (sent.compareAndSet(false, true)) {
                timing();
                answer.run();
            }
        }

        /**
         * {@code Server-Timing} (W3C): how long the server took from this request's handler to its answer,
         * durable commit included; what a client measures beyond it is the network and its own wake-up.
         */
        private void timing() {
            double ms = (System.nanoTime() - startedNanos) / 1e6;
            ctx.response()
                    .putHeader(
                            "Server-Timing", String.format(Locale.ROOT, "app;dur=%.3f;desc=\"request to answer\"", ms));
        }

        void fail(Throwable t) {
            if (sent.compareAndSet(false, true)) ctx.fail(t);
            else log.error("after the answer to {} {}: {}", ctx.request().method(), ctx.normalizedPath(), t.toString());
        }
    }

    private static void cancelled(RoutingContext ctx, AlertEvent e) {
        OpsHttp.audited(ctx);
        ctx.put(OpsHttp.TARGET, e.alert().id());
        Http.json(ctx, 200, result(e));
    }

    private static void answer(RoutingContext ctx, AlertGate.Outcome o, int sent) {
        OpsHttp.audited(ctx); // the gate wrote the entry of the change it made or held
        if (o.pending() != null) {
            OpsHttp.note(ctx, AlertGate.describe(o.pending()));
            ctx.put(OpsHttp.TARGET, o.pending().id());
            ctx.response()
                    .putHeader("Location", "/api/v1/approvals/" + o.pending().id());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pending", o.pending());
            out.put(
                    "detail",
                    "held for approval by a second person: " + o.pending().reason());
            Http.json(ctx, 202, out);
            return;
        }
        AlertEvent e = o.event();
        ctx.put(OpsHttp.TARGET, e.alert().id());
        OpsHttp.note(
                ctx,
                Map.of(
                        "seq",
                        e.seq(),
                        "type",
                        e.alert().type().wire(),
                        "zones",
                        e.alert().zones()));
        if (sent == 201)
            ctx.response().putHeader("Location", "/api/v1/alerts/" + e.alert().id());
        Http.json(ctx, sent, result(e));
    }

    public void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Http.blocking(
                vertx,
                ctx,
                200,
                () -> view(store.alert(id)
                        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "no alert with id " + id))));
    }

    /** {@code ?active=true}: the alerts in force; otherwise history with filters and cursor paging. */
    public void list(RoutingContext ctx) {
        if ("true".equals(ctx.request().getParam("active"))) {
            Http.blocking(
                    vertx,
                    ctx,
                    200,
                    () -> Map.of(
                            "alerts",
                            store.active().stream().map(AlertRoutes::view).toList()));
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
        HistoryQuery q = new HistoryQuery(
                zones.isEmpty() ? null : zones,
                types,
                statuses,
                Http.timeParam(ctx, "from", errs),
                Http.timeParam(ctx, "to", errs),
                ctx.request().getParam("cursor"),
                Http.intParam(ctx, "limit", 100, 1, 1000, errs));
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
    public void events(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        long after = Http.longParam(ctx, "after", 0, errs);
        int limit = Http.intParam(ctx, "limit", 100, 1, 1000, errs);
        Http.check(errs);
        Http.blocking(vertx, ctx, 200, () -> {
            List<Object> events = store.events(after, limit).stream()
                    .map(e -> signer != null
                            ? (Object) signer.node(e)
                            : new EncodedEvent.Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones()))
                    .toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", events);
            out.put("last_seq", store.lastSeq());
            return out;
        });
    }

    public static ObjectNode view(StoredAlert s) {
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
}
