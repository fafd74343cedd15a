package org.tryvoha.delivery.mobile;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.stream.DeliveryReports;

/**
 * The outgoing requests of one push service (FCM or APNs): a bounded queue (real alerts before
 * drills), at most {@code concurrency} in flight, and retries of 429, 5xx and no answer after 1 s,
 * 2 s and 4 s (or the service's {@code Retry-After}, up to 60 s). Requests are added from any
 * thread; they are sent from the lane's own context and never block it. Thread-safe.
 */
final class MobileLane {
    private static final Logger log = LoggerFactory.getLogger(MobileLane.class);
    static final int ATTEMPTS = 4;
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;

    /** One request to the service, sent again as it is on a retry. */
    interface Request {
        /** Sends it; never fails (a failure is an outcome). */
        Future<Outcome> send();

        boolean actual();

        DeliveryReports.Tally tally();
    }

    enum Kind {
        SENT,
        /** The token is no longer valid: the sender has removed it. */
        GONE,
        RETRY,
        FAILED
    }

    /** What came of one try; {@code retryAfterMillis} is the service's wish for a retry, 0 for none. */
    record Outcome(Kind kind, long retryAfterMillis, String detail) {
        static Outcome of(Kind k, String detail) {
            return new Outcome(k, 0, detail);
        }
    }

    private record Job(Request request, int attempt) {}

    private final Vertx vertx;
    private final String name;
    private final int concurrency, queueMax;
    private final Context context;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ArrayDeque<Job> actual = new ArrayDeque<>(), drills = new ArrayDeque<>(); // guarded by `this`
    private int busy; // on `context`
    private volatile boolean closed;
    final AtomicLong sent = new AtomicLong(),
            failed = new AtomicLong(),
            retries = new AtomicLong(),
            removed = new AtomicLong(),
            dropped = new AtomicLong();

    MobileLane(Vertx vertx, String name, int concurrency, int queue) {
        this.vertx = vertx;
        this.name = name;
        this.concurrency = concurrency;
        this.queueMax = queue;
        this.context = vertx.getOrCreateContext();
    }

    /** Any thread: queues a request; beyond the bound the oldest drill (else the oldest alert) is dropped. */
    void add(Request r) {
        add(new Job(r, 1), false);
        kick();
    }

    private synchronized void add(Job j, boolean front) {
        if (actual.size() + drills.size() >= queueMax) {
            Job old = !drills.isEmpty() ? drills.poll() : j.request().actual() ? actual.poll() : null;
            Job lost = old != null ? old : j;
            dropped.incrementAndGet();
            lost.request().tally().dropped();
            if (lost == j) return;
        }
        ArrayDeque<Job> q = j.request().actual() ? actual : drills;
        if (front) q.addFirst(j);
        else q.addLast(j);
    }

    private synchronized Job take() {
        Job j = actual.poll();
        return j != null ? j : drills.poll();
    }

    private void kick() {
        if (scheduled.compareAndSet(false, true))
            context.runOnContext(v -> {
                scheduled.set(false);
                pump();
            });
    }

    private void pump() {
        while (!closed && busy < concurrency) {
            Job j = take();
            if (j == null) return;
            busy++;
            j.request().send().onComplete(r -> {
                busy--;
                done(j, r.succeeded() ? r.result() : Outcome.of(Kind.RETRY, String.valueOf(r.cause())));
                pump();
            });
        }
    }

    private void done(Job j, Outcome o) {
        DeliveryReports.Tally t = j.request().tally();
        switch (o.kind()) {
            case SENT -> {
                sent.incrementAndGet();
                t.sent();
            }
            case GONE -> {
                removed.incrementAndGet();
                failed.incrementAndGet();
                t.failed();
            }
            case RETRY -> {
                if (j.attempt() >= ATTEMPTS || closed) {
                    failed.incrementAndGet();
                    t.failed();
                    log.warn("{}: gave up after {} tries: {}", name, j.attempt(), o.detail());
                    return;
                }
                retries.incrementAndGet();
                t.retried();
                long backoff = 1000L << (j.attempt() - 1);
                long wait = Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(backoff, o.retryAfterMillis()));
                vertx.setTimer(wait, x -> {
                    add(new Job(j.request(), j.attempt() + 1), true);
                    kick();
                });
            }
            case FAILED -> {
                failed.incrementAndGet();
                t.failed();
                log.info("{}: refused: {}", name, o.detail());
            }
        }
    }

    /** A Retry-After header in seconds as milliseconds; 0 when absent or a date. */
    static long retryAfter(String header) {
        if (header == null) return 0;
        try {
            return Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", sent.get());
        m.put("failed", failed.get());
        m.put("retries", retries.get());
        m.put("removed", removed.get());
        m.put("dropped", dropped.get());
        return m;
    }

    void close() {
        closed = true;
    }
}
