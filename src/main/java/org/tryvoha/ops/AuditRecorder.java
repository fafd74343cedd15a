package org.tryvoha.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.OpsHttp;
import org.tryvoha.auth.Principal;
import org.tryvoha.error.ProblemException;

/**
 * Writes an audit entry for every operator request once it is answered, refused ones included:
 * every write (POST, PATCH, PUT, DELETE) to an operator endpoint or with an Authorization header,
 * and every request to the operator and audit endpoints. The entry names the operator the route
 * authenticated ({@link OpsHttp#PRINCIPAL}), or for a request refused before that only the public id
 * its key claims; never a key, never a body. It does not authenticate keys itself.
 *
 * <p>A change of an alert is audited by the alert gate, once, whichever door it came through: a
 * request the gate audited ({@link OpsHttp#AUDITED}) gets no second entry here.
 *
 * <p>A request refused before any operator was authenticated (no key, a wrong or revoked key) gets no
 * entry of its own: anyone can send those, at line rate. It is counted in {@link AuditLog#refusals}
 * and summed up, with a sample, in one entry per {@link #REFUSALS_WINDOW_MILLIS} (sooner when an admin
 * reads the log). Every request of an authenticated operator, refused or not, gets its own entry.
 *
 * <p>The entry is appended after the answer is sent, by group commit ({@link AuditLog#appendSoon}):
 * on SQLite it rides in the store's next write transaction (the next alert's commit) or is written
 * on its own within 50 ms, so the next request never waits for a separate fsync of the previous
 * one's entry. An entry counts as written only once durable. At most {@link #MAX_BACKLOG} entries
 * wait for the store (until durable); one more (a flood while the store is stuck) is written to the
 * error log instead.
 */
final class AuditRecorder {
    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
    private static final List<String> OPERATOR_WRITES =
            List.of("/api/v1/alerts", "/api/v1/cap", "/api/v1/tracks", "/api/v1/operators", "/api/v1/approvals");
    private static final List<String> ALWAYS = List.of("/api/v1/operators", "/api/v1/audit");
    /** Writes that only read (the console's target preview). */
    private static final List<String> NOT_ACTIONS = List.of("/api/v1/zones/resolve");

    /** Entries waiting for the store at most; beyond, an entry goes to the error log instead (the worker queue stays bounded). */
    static final int MAX_BACKLOG = 10_000;

    /** Anonymous refusals are summed up in one audit entry per this many milliseconds at most. */
    static final long REFUSALS_WINDOW_MILLIS = 60_000;

    private final AtomicInteger backlog = new AtomicInteger();
    private final Vertx vertx;
    private final AuditLog audit;

    AuditRecorder(Vertx vertx, AuditLog audit) {
        this.vertx = vertx;
        this.audit = audit;
    }

    void handle(RoutingContext ctx) {
        if (audited(ctx)) ctx.addEndHandler(done -> record(ctx));
        ctx.next();
    }

    private static boolean audited(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (ALWAYS.stream().anyMatch(path::startsWith)) return true;
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || NOT_ACTIONS.contains(path))
            return false;
        return ctx.request().getHeader("Authorization") != null
                || OPERATOR_WRITES.stream().anyMatch(path::startsWith);
    }

    private void record(RoutingContext ctx) {
        if (Boolean.TRUE.equals(ctx.get(OpsHttp.AUDITED))) return;
        int status = ctx.response().getStatusCode();
        Principal p = ctx.get(OpsHttp.PRINCIPAL);
        String action = ctx.get(OpsHttp.ACTION);
        if (action == null) action = ctx.request().method().name() + " " + ctx.normalizedPath();
        String target = ctx.get(OpsHttp.TARGET, "");
        Map<String, Object> detail = new LinkedHashMap<>();
        Map<String, Object> noted = ctx.get(OpsHttp.DETAIL);
        if (noted != null) detail.putAll(noted);
        if (ctx.failure() instanceof ProblemException pe) detail.put("problem", pe.getMessage());
        else if (status >= 400) detail.put("problem", "HTTP " + status);
        String key = key(ctx);
        String a = action;
        if (p == null && status >= 400) {
            Object problem = detail.get("problem");
            if (audit.refusals()
                    .count(
                            Instant.now(),
                            a,
                            Operators.claimedId(key),
                            status,
                            problem == null ? null : problem.toString()))
                vertx.setTimer(REFUSALS_WINDOW_MILLIS, id -> summarize());
            return;
        }
        if (backlog.incrementAndGet() > MAX_BACKLOG) {
            backlog.decrementAndGet();
            log.error(
                    "audit backlog full ({} entries waiting for the store): NOT recorded: {} {} ({}) by key id {} detail {}",
                    MAX_BACKLOG,
                    a,
                    target,
                    status,
                    p != null ? p.id() : Operators.claimedId(key),
                    detail);
            return;
        }
        vertx.executeBlocking(
                        () -> p != null
                                ? audit.appendSoon(p.name(), p.id(), p.role().wire(), a, target, status, detail)
                                : audit.appendSoon(
                                        "anonymous", Operators.claimedId(key), "", a, target, status, detail),
                        false)
                .compose(Future::fromCompletionStage)
                .onComplete(r -> backlog.decrementAndGet())
                .onFailure(t -> log.error(
                        "could not append to the audit log: {} {} ({}): {}", a, target, status, t.toString()));
    }

    private void summarize() {
        vertx.executeBlocking(audit::summarizeRefusals, false)
                .onFailure(
                        t -> log.error("could not sum up the anonymous refusals in the audit log: {}", t.toString()));
    }

    private static String key(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? h.substring(7).strip()
                : null;
    }
}
