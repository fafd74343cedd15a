package org.tryvoha.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.tryvoha.stream.Shard;

/** One event loop's HTTP server: its own router and fan-out shard, sharing the port with the others. */
public final class HttpVerticle extends VerticleBase {
  private final Services services;
  private final int port;
  private HttpServer server;

  public HttpVerticle(Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Shard shard = services.fanout().newShard(context, services.config().heartbeatSeconds() * 1000L);
    HttpServerOptions opts = new HttpServerOptions()
        .setHost(services.config().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(64 * 1024)
        .setMaxWebSocketMessageSize(64 * 1024)
        // per-message deflate would compress every event once per subscriber, defeating encode-once
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16 * 1024)
        .setIdleTimeout(0);
    org.tryvoha.security.Tls.apply(opts, services.guard().settings()); // issue 4: HTTPS from PEM files
    server = vertx.createHttpServer(opts).requestHandler(ApiRoutes.router(vertx, services, shard));
    return server.listen();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
