package org.tryvoha.delivery;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * One outgoing POST of a delivery channel (webhooks, Web Push): non-blocking, with a hard deadline
 * for the whole exchange, so a slow endpoint costs its own caller time and nobody else's.
 * Thread-safe; the futures complete on the calling context.
 */
public final class HttpPost implements AutoCloseable {
    /** What came back: the HTTP status (0 when there was no answer), and the error when there was none. */
    public record Result(int status, String error, long millis) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** What went wrong, for a log: the error, or the HTTP status. */
        public String problem() {
            return error != null ? error : ok() ? null : "HTTP " + status;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;

    /** @param connections most connections to one host:port at a time */
    public HttpPost(Vertx vertx, int connections) {
        this.vertx = vertx;
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
                t -> done.tryComplete(new Result(0, "no answer within " + timeoutMillis + " ms", ms(t0))));
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setHeaders(headers)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        Future<HttpClientRequest> request;
        try {
            request = client.request(o);
        } catch (IllegalStateException closed) {
            request = Future.failedFuture(closed);
        }
        request.compose(req -> {
                    done.future().onComplete(r -> {
                        if (r.result().status() == 0) req.reset();
                    });
                    return req.send(body);
                })
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(r -> {
                    vertx.cancelTimer(timer);
                    done.tryComplete(
                            r.succeeded()
                                    ? new Result(r.result(), null, ms(t0))
                                    : new Result(0, describe(r.cause()), ms(t0)));
                });
        return done.future();
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        client.close();
    }
}
