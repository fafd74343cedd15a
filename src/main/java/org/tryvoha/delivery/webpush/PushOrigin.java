package org.tryvoha.delivery.webpush;

import io.netty.util.AsciiString;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.delivery.webpush.WebPush.Job;

/**
 * The lane of one push service (one origin, e.g. {@code https://fcm.googleapis.com}): its queue
 * (real alerts first, then drills), the pushes in flight, and where it was last resolved to.
 *
 * <p>Jobs are added from any thread; everything else runs on the lane's own context (whose event
 * loop also carries the lane's connections). The lane takes jobs in whole batches of {@link #BATCH}
 * while fewer than {@code push-concurrency} are in flight, has them encrypted on the crypto pool, and
 * sends them over its own {@link PushConnections}: at most {@code push-connections} HTTP/2
 * connections to this origin, each carrying many streams. A push service without HTTP/2 gets them
 * over the shared Vert.x client (HTTP/1.1).
 * The origin's host is resolved and checked against the {@link Outbound} policy on a worker thread
 * at most every {@link #RESOLVE_MILLIS} ms, and every push goes to the checked address.
 */
final class PushOrigin implements PushConnections.Lane {
    static final Logger log = LoggerFactory.getLogger(PushOrigin.class);
    static final int BATCH = 32;
    static final long RESOLVE_MILLIS = 60_000;
    /** The longest Retry-After of a 429 that is waited for; a push service asking for more gets it. */
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;

    private final WebPush push;
    private final String origin;
    private final Context context;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    // guarded by `this`
    private final ArrayDeque<Job> actual = new ArrayDeque<>(), drills = new ArrayDeque<>();

    // on `context` only
    private int busy;
    private Outbound.Target target;
    private SocketAddress server;
    private long resolvedAt;
    private boolean resolving;
    private final PushConnections h2;
    private long http1Until;
    private String authText;
    private AsciiString authAscii;

    PushOrigin(WebPush push, String origin) {
        this.push = push;
        this.origin = origin;
        // an event-loop context of its own (the loops taken in turn), whichever thread made the lane:
        // the lane's queue and its connections then run on one loop, and push services spread over the loops
        this.context = ((VertxInternal) push.vertx).createEventLoopContext();
        this.h2 = new PushConnections(
                this,
                ((ContextInternal) context).nettyEventLoop(),
                ((VertxInternal) push.vertx).transport().channelFactory(false),
                origin,
                push.settings.connections(),
                push.settings.timeoutMillis());
    }

    /** Any thread: queues the pushes of one event, under one lock. */
    synchronized void addAll(List<Job> jobs) {
        for (Job j : jobs) add(j, false);
    }

    /** Any thread: queues a push ({@code front}: a retry, before the others of its kind); the oldest goes beyond the bound. */
    synchronized void add(Job job, boolean front) {
        ArrayDeque<Job> q = job.message().actual() ? actual : drills;
        if (actual.size() + drills.size() >= push.settings.queue()) {
            Job old = !drills.isEmpty() ? drills.poll() : actual.poll();
            if (old != null) dropped(old);
            if (!job.message().actual() && old == null) {
                dropped(job);
                return;
            }
        }
        if (front) q.addFirst(job);
        else q.addLast(job);
    }

    private void dropped(Job j) {
        push.dropped.incrementAndGet();
        j.message().tally().dropped();
    }

    private synchronized List<Job> take(int n) {
        List<Job> out = new ArrayList<>(Math.min(n, BATCH));
        while (out.size() < n) {
            Job j = actual.poll();
            if (j == null) j = drills.poll();
            if (j == null) break;
            out.add(j);
        }
        return out;
    }

    /** Any thread: makes the lane look at its queue soon. */
    void kick() {
        if (scheduled.compareAndSet(false, true))
            context.runOnContext(v -> {
                scheduled.set(false);
                pump();
            });
    }

    private void pump() {
        if (push.closed) {
            take(Integer.MAX_VALUE).forEach(this::dropped);
            h2.close();
            return;
        }
        if (target == null || System.currentTimeMillis() - resolvedAt > RESOLVE_MILLIS) {
            resolve();
            if (target == null) return; // pumped again once resolved
        }
        int limit = push.settings.concurrency(), full = Math.min(BATCH, limit);
        while (busy < limit) {
            // whole batches: one encryption task per answered push would cost more than the push
            if (limit - busy < full && queued() > limit - busy) return;
            List<Job> batch = take(Math.min(BATCH, limit - busy));
            if (batch.isEmpty()) return;
            busy += batch.size();
            String auth = push.vapid.authorizationFor(origin, push.clock.instant());
            push.crypto.executeBlocking(() -> encrypt(batch), false).onComplete(r -> {
                boolean http1 = System.currentTimeMillis() < http1Until;
                List<PushConnections.Pending> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    Job j = batch.get(i);
                    byte[] body = r.succeeded() ? r.result()[i] : null;
                    if (body == null) answered(j, 0, null, "cannot encrypt");
                    else if (http1) sendHttp1(j, body, auth);
                    else out.add(new PushConnections.Pending(j, body, ascii(auth)));
                }
                if (!out.isEmpty()) h2.send(out);
            });
        }
    }

    private synchronized int queued() {
        return actual.size() + drills.size();
    }

    /** The header value of the VAPID token, made once per token. */
    private AsciiString ascii(String auth) {
        if (!auth.equals(authText)) {
            authText = auth;
            authAscii = new AsciiString(auth);
        }
        return authAscii;
    }

    @Override
    public void notHttp2(List<PushConnections.Pending> pending) {
        if (System.currentTimeMillis() >= http1Until)
            log.info("push service {} does not speak HTTP/2; HTTP/1.1 for a minute", origin);
        http1Until = System.currentTimeMillis() + RESOLVE_MILLIS;
        for (PushConnections.Pending p : pending)
            sendHttp1(p.job(), p.body(), p.auth().toString());
    }

    /** Closes the lane's connections (the server stops). */
    void close() {
        h2.close();
    }

    private static byte[][] encrypt(List<Job> batch) {
        byte[][] out = new byte[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            Job j = batch.get(i);
            try {
                out[i] = PushCrypto.encrypt(
                        j.message().plaintext(),
                        j.to().key(),
                        j.to().sub().p256dh(),
                        j.to().sub().auth());
            } catch (IllegalArgumentException e) {
                out[i] = null; // a key that passed the subscription check but not the provider: counted as failed
            }
        }
        return out;
    }

    private void resolve() {
        if (resolving) return;
        if (!push.settings.allowHttp() && !origin.startsWith("https://")) {
            // kept from a run that allowed http: push services are https, and a plain endpoint is not sent to
            failAll("not https");
            return;
        }
        resolving = true;
        push.vertx.executeBlocking(() -> push.outbound.resolve(origin), false).onComplete(r -> {
            resolving = false;
            resolvedAt = System.currentTimeMillis();
            if (r.succeeded()) {
                target = r.result();
                server = SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress());
                h2.target(target.host(), new InetSocketAddress(target.address(), target.port()));
                pump();
            } else {
                target = null;
                log.warn("push service {} not reached: {}", origin, r.cause().getMessage());
                failAll(r.cause().getMessage());
            }
        });
    }

    private void failAll(String why) {
        for (Job j : take(Integer.MAX_VALUE)) {
            push.failed.incrementAndGet();
            j.message().tally().failed();
        }
        log.debug("pushes to {} failed: {}", origin, why);
    }

    /** Over Vert.x's client, which also speaks HTTP/1.1: for a push service without HTTP/2. */
    private void sendHttp1(Job job, byte[] body, String auth) {
        long timeout = push.settings.timeoutMillis();
        MultiMap h = HttpHeaders.headers()
                .add("ttl", Integer.toString(job.message().ttl()))
                .add("urgency", "high")
                .add("content-encoding", "aes128gcm")
                .add("content-type", "application/octet-stream")
                .add("authorization", auth);
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(server)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(job.to().path())
                .setHeaders(h)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        push.client
                .request(o)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> resp))
                .onComplete(r -> {
                    if (r.succeeded())
                        answered(job, r.result().statusCode(), r.result().getHeader("retry-after"), null);
                    else answered(job, 0, null, r.cause().getClass().getSimpleName());
                });
    }

    @Override
    public void answered(Job job, int status, CharSequence retryAfter, String failure) {
        busy--;
        WebPush.Message m = job.message();
        if (status >= 200 && status < 300) {
            push.sent.incrementAndGet();
            m.tally().sent();
        } else if (status == 404 || status == 410) { // the browser unsubscribed or the subscription expired
            push.failed.incrementAndGet();
            m.tally().failed();
            push.expired(job.to());
        } else if ((status == 0 || status == 429 || status >= 500)
                && job.attempt() < WebPush.ATTEMPTS
                && !push.closed) {
            push.retries.incrementAndGet();
            m.tally().retried();
            long wait = retryAfter(retryAfter, 1000L << (job.attempt() - 1));
            push.vertx.setTimer(wait, t -> {
                add(new Job(job.to(), m, job.attempt() + 1), true);
                kick();
            });
        } else {
            push.failed.incrementAndGet();
            m.tally().failed();
            log.debug("push to {} refused: {}", origin, status > 0 ? "HTTP " + status : failure);
        }
        pump();
    }

    /** A 429's or 503's Retry-After in seconds (capped), else {@code otherwise}. */
    static long retryAfter(CharSequence v, long otherwise) {
        if (v == null) return otherwise;
        try {
            return Math.min(
                    MAX_RETRY_AFTER_MILLIS,
                    Math.max(otherwise, Long.parseLong(v.toString().trim()) * 1000));
        } catch (NumberFormatException e) {
            return otherwise; // an HTTP date: the usual back-off
        }
    }
}
