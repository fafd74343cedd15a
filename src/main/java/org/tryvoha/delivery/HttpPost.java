package org.tryvoha.delivery;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One outgoing POST of a delivery channel (webhooks, Web Push): non-blocking, with a hard deadline
 * for the whole exchange, so a slow endpoint costs its own caller time and nobody else's.
 *
 * <p>Every request passes the {@link Outbound} policy first: the URL's host is resolved on a worker
 * thread, every address it has is checked, and the connection goes to the checked address (the Host
 * header and TLS server name stay the URL's host). A refused URL never gets a packet. Failures are
 * told as a class ({@code timeout}, {@code refused}, {@code dns}, {@code tls}, …) in our own words,
 * never as the network stack's message, which would turn a delivery log into a port scanner.
 * Thread-safe; the futures complete on the calling context.
 */
public final class HttpPost implements AutoCloseable {
    /**
     * What came back.
     *
     * @param status the HTTP status, 0 when there was no answer
     * @param failure when there was no answer, its class: timeout, refused, unreachable, dns, tls,
     *     closed, blocked (by the outbound policy) or failed
     * @param reason our words for the failure, fit for a delivery log
     */
    public record Result(int status, String failure, String reason, long millis) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** {@code 2xx} … {@code 5xx} for an answer, else the failure class. */
        public String statusClass() {
            return status > 0 ? (status / 100) + "xx" : failure;
        }

        /** What went wrong, for a log: null when it went well. */
        public String problem() {
            if (ok()) return null;
            return status > 0 ? "HTTP " + status + " (" + statusClass() + ")" : failure + ": " + reason;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Outbound outbound;

    /**
     * @param connections most connections to one host:port at a time
     * @param outbound where requests may go
     */
    public HttpPost(Vertx vertx, int connections, Outbound outbound) {
        this.vertx = vertx;
        this.outbound = outbound;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(1000));
    }

    /** POSTs {@code body} to {@code url}; the answer's body is read and dropped. Never fails: errors are in the result. */
    public Future<Result> post(String url, MultiMap headers, Buffer body, long timeoutMillis) {
        long t0 = System.nanoTime();
        Promise<Result> done = Promise.promise();
        long timer = vertx.setTimer(
                timeoutMillis,
                t -> done.tryComplete(new Result(0, "timeout", "no answer within " + timeoutMillis + " ms", ms(t0))));
        vertx.executeBlocking(() -> outbound.resolve(url), false)
                .compose(target -> done.future().isComplete()
                        ? Future.failedFuture("late")
                        : request(target, headers, timeoutMillis))
                .compose(req -> {
                    done.future().onComplete(r -> {
                        if (r.result().status() == 0) req.reset();
                    });
                    return req.send(body);
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(r -> {
                    vertx.cancelTimer(timer);
                    done.tryComplete(
                            r.succeeded() ? new Result(r.result(), null, null, ms(t0)) : failed(r.cause(), ms(t0)));
                });
        return done.future();
    }

    private Future<HttpClientRequest> request(Outbound.Target t, MultiMap headers, long timeoutMillis) {
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(t.port(), t.address().getHostAddress()))
                .setHost(t.host())
                .setPort(t.port())
                .setSsl(t.tls())
                .setURI(t.path())
                .setHeaders(headers)
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        try {
            return client.request(o);
        } catch (IllegalStateException closed) {
            return Future.failedFuture(closed);
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The failure's class and our words for it; the exception's own message is never passed on. */
    static Result failed(Throwable t, long millis) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Outbound.Refused r)
                return new Result(0, r.dns() ? "dns" : "blocked", r.getMessage(), millis);
            if (c instanceof UnknownHostException)
                return new Result(0, "dns", "the host name does not resolve", millis);
            if (c instanceof SSLException)
                return new Result(0, "tls", "the TLS handshake or certificate check failed", millis);
            if (c instanceof ConnectTimeoutException
                    || c instanceof TimeoutException
                    || c instanceof SocketTimeoutException)
                return new Result(0, "timeout", "no answer in time", millis);
            if (c instanceof ConnectException) return new Result(0, "refused", "the connection was refused", millis);
            if (c instanceof NoRouteToHostException)
                return new Result(0, "unreachable", "no route to the host", millis);
            if (c instanceof HttpClosedException
                    || c instanceof ClosedChannelException
                    || c instanceof StreamResetException)
                return new Result(0, "closed", "the connection closed before an answer", millis);
        }
        return new Result(0, "failed", "the request failed without an answer", millis);
    }

    @Override
    public void close() {
        client.close();
    }
}
