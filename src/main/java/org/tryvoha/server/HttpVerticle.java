package org.tryvoha.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tryvoha.config.Config;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.feature.Feature;
import org.tryvoha.http.ProblemHandler;
import org.tryvoha.security.Guard;
import org.tryvoha.security.SecuritySettings;
import org.tryvoha.security.Tls;

/** One event loop's HTTP server: its own router (and so its own fan-out shard), sharing the port with the others. */
final class HttpVerticle extends VerticleBase {
    /** zlib level 6: most of level 9's saving (JSON, GeoJSON, scripts) for a third of its time. */
    static final int COMPRESSION_LEVEL = 6;
    /** Smaller answers are sent as they are: gzip's header and trailer would outweigh the saving. */
    static final int COMPRESSION_MIN_BYTES = 512;

    private final Config config;
    private final SecuritySettings security;
    private final List<Feature> features;
    private final Supplier<Map<String, Object>> health;
    private final int port;

    HttpVerticle(
            Config config,
            SecuritySettings security,
            List<Feature> features,
            Supplier<Map<String, Object>> health,
            int port) {
        this.config = config;
        this.security = security;
        this.features = features;
        this.health = health;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions opts = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxWebSocketFrameSize(64 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024)
                // per-message deflate would compress every event once per subscriber, defeating encode-once
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // gzip/deflate for every answer whose client accepts it (pages, scripts, JSON); SSE and
                // WebSocket streams leave Vert.x's pipeline before their first byte (stream.RawSse,
                // RawWebSocket), and an answer that carries its own Content-Encoding passes unchanged
                .setCompressionSupported(true)
                .setCompressionLevel(COMPRESSION_LEVEL)
                .setCompressionContentSizeThreshold(COMPRESSION_MIN_BYTES)
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16 * 1024)
                // HTTP/2 without TLS (h2c) makes Vert.x wait for a connection's first bytes before it
                // reports the connection, so a client that sends nothing, or half a request head, could
                // hold a socket forever; browsers use HTTP/2 only over TLS (ALPN), which stays on
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(0);
        Tls.apply(opts, security);
        Router router = ServerRouter.build(vertx, features, config.maxBodyBytes(), health);
        ReadDeadlines deadlines = new ReadDeadlines(vertx, security.requestReadTimeoutSeconds(), Guard::stream);
        deadlines.start();
        HttpServer server = vertx.createHttpServer(opts)
                .connectionHandler(deadlines::opened)
                .requestHandler(req -> {
                    deadlines.request(req);
                    // Vert.x fails a request without a usable Host inside the router, as a 500; refuse it here first
                    String badHost = Guard.badHost(req);
                    if (badHost != null) {
                        ProblemHandler.send(
                                req.response().putHeader("Connection", "close"),
                                new ProblemException(ErrorCode.MALFORMED_REQUEST, badHost),
                                req.path());
                        return;
                    }
                    router.handle(req);
                });
        return server.listen();
    }
}
