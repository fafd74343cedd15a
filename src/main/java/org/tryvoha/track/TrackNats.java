package org.tryvoha.track;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.auth.Access;
import org.tryvoha.auth.Operators;
import org.tryvoha.auth.Principal;
import org.tryvoha.auth.Role;
import org.tryvoha.config.Config;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.http.ProblemHandler;
import org.tryvoha.json.Json;

/**
 * Track report batches from a NATS subject: the same JSON as {@code POST /api/v1/tracks}, each
 * message carrying an operator key (an account or a {@code tvk_} key) in its {@code Authorization:
 * Bearer …} header, authenticated and checked (role operator) like the HTTP feed's; its alerts are
 * made through the alert gate as the feed principal. Same parsing, validation and counters; a
 * message with a reply subject gets the batch result or the problem document back.
 *
 * <p>Messages are handled one at a time, in arrival order, on the NATS dispatcher's thread (never
 * an event loop), each waiting for the engine: the dispatcher's pending limit bounds the queue, and
 * NATS drops what overflows it (counted by the server as a slow consumer).
 */
public final class TrackNats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackNats.class);
    static final int PENDING_MESSAGES = 1000;
    private static final long ENGINE_WAIT_SECONDS = 30;

    /**
     * @param subject the subject to take batches from; null = off
     * @param url the NATS server(s), comma-separated
     * @param creds a NATS credentials file, or null
     */
    public record Settings(String subject, String url, Path creds) {
        public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

        public static Settings from(Config.Source s) {
            String subject = s.text("track-nats-subject", null);
            return new Settings(
                    subject == null || subject.isBlank() ? null : subject.strip(),
                    s.text("track-nats-url", DEFAULT_URL),
                    s.path("track-nats-creds", null));
        }
    }

    private final Connection nc;
    private final TrackFeed feed;
    private final Operators operators;

    private TrackNats(Connection nc, TrackFeed feed, Operators operators) {
        this.nc = nc;
        this.feed = feed;
        this.operators = operators;
    }

    /** Connects and subscribes; null when no subject is set. Fails at start-up, naming the server, when NATS is unreachable. */
    public static TrackNats start(Settings s, TrackFeed feed, Operators operators) {
        if (s.subject() == null) return null;
        Options.Builder o = Options.builder()
                .servers(s.url().split(","))
                .connectionName("tryvoha tracks")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(3));
        if (s.creds() != null) o.authHandler(Nats.credentials(s.creds().toString()));
        Connection nc;
        try {
            nc = Nats.connect(o.build());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot connect to NATS at " + s.url() + " for track-nats-subject: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
        TrackNats t = new TrackNats(nc, feed, operators);
        Dispatcher d = nc.createDispatcher(t::handle);
        d.setPendingLimits(PENDING_MESSAGES, 64L << 20);
        d.subscribe(s.subject());
        try {
            nc.flush(Duration.ofSeconds(3)); // the subscription is in place before start returns
        } catch (Exception e) {
            log.warn("track subject {}: flush after subscribe failed: {}", s.subject(), e.getMessage());
        }
        log.info("taking track reports from NATS subject {} at {}", s.subject(), s.url());
        return t;
    }

    private void handle(Message m) {
        Object answer;
        try {
            Principal sender = authenticate(m.getHeaders());
            List<TrackReport> reports = TrackReports.parseText(
                    new String(m.getData(), StandardCharsets.UTF_8),
                    feed.settings().batchMax(),
                    feed.stats());
            answer = feed.submit(reports, sender).get(ENGINE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ProblemException e) {
            answer = ProblemHandler.document(e, m.getSubject());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            answer = e.getCause() instanceof ProblemException p
                    ? ProblemHandler.document(p, m.getSubject())
                    : failed(m, e);
        } catch (Exception e) { // the engine failed or did not answer in time: say so, keep the subscription
            answer = failed(m, e);
        }
        if (m.getReplyTo() == null) return;
        try {
            nc.publish(m.getReplyTo(), Json.MAPPER.writeValueAsBytes(answer));
        } catch (Exception e) {
            log.warn("track subject {}: cannot reply: {}", m.getSubject(), e.getMessage());
        }
    }

    private static Object failed(Message m, Exception e) {
        log.error("track subject {}: a batch failed", m.getSubject(), e);
        return ProblemHandler.document(
                new ProblemException(ErrorCode.INTERNAL, "the batch could not be applied; send it again"),
                m.getSubject());
    }

    private Principal authenticate(Headers h) {
        String v = h == null ? null : h.getFirst("Authorization");
        Optional<Principal> p = v == null || !v.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.empty()
                : operators.authenticate(v.substring(7).strip());
        if (p.isEmpty()) {
            feed.stats().unauthorized.increment();
            throw new ProblemException(
                    ErrorCode.UNAUTHORIZED,
                    "each message needs a valid operator key in the header 'Authorization: Bearer <key>'");
        }
        Access.requireRole(p.get(), Role.OPERATOR, "send track reports");
        return p.get();
    }

    @Override
    public void close() {
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
