package org.tryvoha.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Closes a connection that has not sent a complete request (head and body) within the timeout,
 * counted from when it opened or from the end of its last answer. The server's idle timeout is
 * off because SSE and WebSocket streams live for hours; so instead a connection is timed only
 * while the server waits for a request from it: a slow client cannot hold a socket open by
 * trickling a head or a body, or by idling between requests, while a stream is never cut.
 * One per server (event loop): a single periodic sweep rather than a timer per connection, so
 * ten thousand streams cost nothing. Thread-safe.
 *
 * <p>A connection that has sent nothing, or only part of its first request head, is timed from when
 * it opened: the server does not offer HTTP/2 without TLS (h2c), under which Vert.x would report a
 * connection only after its first bytes.
 */
final class ReadDeadlines {
    private final Vertx vertx;
    private final long nanos;
    private final Predicate<HttpServerRequest> stream;
    private final Map<HttpConnection, State> connections = new ConcurrentHashMap<>();

    /** One connection: when it must have sent a complete request (0: not waiting), and what it is answering. */
    private static final class State {
        volatile long deadline;
        volatile HttpServerRequest reading;
        volatile int answering;
    }

    /**
     * @param seconds the timeout; 0 turns the deadline off
     * @param stream requests whose answer is a long-lived stream: their connection is never timed again
     */
    ReadDeadlines(Vertx vertx, int seconds, Predicate<HttpServerRequest> stream) {
        this.vertx = vertx;
        this.nanos = seconds * 1_000_000_000L;
        this.stream = stream;
    }

    /** Starts the sweep (call on the server's context); a quarter of the timeout, at most a second, apart. */
    void start() {
        if (nanos == 0) return;
        long every = Math.max(50, Math.min(1000, nanos / 4_000_000));
        vertx.setPeriodic(every, id -> sweep()); // cancelled with the verticle
    }

    /** A connection opened: it has the timeout to send its first request. */
    void opened(HttpConnection conn) {
        if (nanos == 0) return;
        State st = new State();
        st.deadline = System.nanoTime() + nanos;
        connections.put(conn, st);
        // no close handler: Vert.x reports a close while it still detects h2c, before the request; the sweep
        // drops a closed connection at its deadline instead
    }

    /** A request head arrived: the wait for a request ends, the wait for its body (if any) goes on. */
    void request(HttpServerRequest req) {
        HttpConnection conn = req.connection();
        State st = conn == null ? null : connections.get(conn);
        if (st == null) return;
        st.answering++;
        boolean streaming = stream.test(req);
        if (req.isEnded()) st.deadline = 0;
        else st.reading = req; // keeps the deadline: the body must arrive within it too
        req.response().endHandler(v -> {
            // an accepted stream takes the bare channel over, which ends the response as Vert.x sees it
            if (streaming && req.response().getStatusCode() < 400) {
                connections.remove(conn);
                return;
            }
            st.answering--;
            st.reading = null;
            st.deadline = st.answering == 0 ? System.nanoTime() + nanos : 0;
        });
    }

    private void sweep() {
        long now = System.nanoTime();
        connections.forEach((conn, st) -> {
            long d = st.deadline;
            if (d == 0 || now - d < 0) return;
            HttpServerRequest r = st.reading;
            if (r != null && r.isEnded()) {
                st.deadline = 0; // the body arrived; the answer is being worked on
                return;
            }
            if (r == null && st.answering > 0) return;
            connections.remove(conn);
            conn.close();
        });
    }
}
