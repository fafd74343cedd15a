package org.tryvoha.server;

import org.tryvoha.api.AlertRoutes;
import org.tryvoha.api.ZoneRoutes;
import org.tryvoha.http.Http;
import org.tryvoha.http.ProblemHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tryvoha.cap.CapRoutes;
import org.tryvoha.error.ProblemException;
import org.tryvoha.stream.Shard;
import org.tryvoha.stream.StreamEndpoints;

/** The /api/v1 routes of one event loop. Every failure is rendered by {@link ProblemHandler}. */
public final class ApiRoutes {
  private static final byte[] OPENAPI = resource("/api/openapi.json");

  private ApiRoutes() {}

  public static Router router(Vertx vertx, Services s, Shard shard) {
    Router r = Router.router(vertx);
    s.guard().mount(r); // issue 4: security headers, CORS, rate limits (first)
    BodyHandler body = BodyHandler.create(false).setBodyLimit(s.config().maxBodyBytes());
    org.tryvoha.ops.OpsRoutes.mount(r, vertx, s.operators(), s.gate(), s.audit(), s.tree(), body); // issue 4: audit recorder; operators, approvals, audit, whoami
    org.tryvoha.metrics.NodeRoutes.mount(r, vertx); // issue 6: /api/v1/ready, /metrics, edge role, store 503
    AlertRoutes alerts = new AlertRoutes(vertx, s.store(), s.reach(), s.operators(), s.gate()).signedBy(s.signer()); // issue 4: signed events
    ZoneRoutes zones = new ZoneRoutes(s.tree(), s.state());
    StreamEndpoints streams = new StreamEndpoints(s.fanout(), shard, s.tree(), s.config().subscriberQueueBytes())
        .limits(s.guard().settings().maxZonesPerConnection(), s.guard().settings().wsMessagesPerSecond()); // issue 4
    org.tryvoha.web.WebRoutes.mount(r, vertx, s, body); // issue 10: web pages, whoami, zones/resolve, shelters

    org.tryvoha.signing.SigningRoutes.mount(r, s.signer()); // issue 4: /.well-known/tryvoha-keys.json
    r.get("/").handler(ctx -> Http.json(ctx, 200, Map.of("name", "Tryvoha", "api", "/api/v1/openapi.json")));
    r.get("/api/v1/health").handler(ctx -> Http.json(ctx, 200, Map.of("status", "ok", "seq", s.state().snapshot().seq(),
        "subscribers", s.fanout().connected())));
    r.get("/api/v1/latency").handler(ctx -> {
      List<ProblemException.FieldError> errs = new ArrayList<>();
      long afterSeq = Http.longParam(ctx, "after_seq", 0, errs);
      Http.check(errs);
      Http.json(ctx, 200, org.tryvoha.stream.LatencyEndpoint.body(s.fanout(), afterSeq));
    });
    r.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(io.vertx.core.buffer.Buffer.buffer(OPENAPI)));

    r.get("/api/v1/zones").handler(zones::list);
    r.get("/api/v1/zones/at").handler(zones::at);
    r.get("/api/v1/zones/search").handler(zones::search);
    r.get("/api/v1/zones/geojson").handler(zones::geoJson);
    r.get("/api/v1/zones/:id").handler(zones::one);
    r.get("/api/v1/zones/:id/status").handler(zones::status);
    r.get("/api/v1/status").handler(zones::statuses);

    r.route(HttpMethod.POST, "/api/v1/alerts").handler(body).handler(alerts::raise);
    r.get("/api/v1/alerts").handler(alerts::list);
    CapRoutes cap = new CapRoutes(vertx, s.cap(), s.tree(), s.reach(), s.store(), s.gate(), s.operators(), s.signer()); // issue 5: CAP 1.2; the .cap route before /alerts/:id so it wins
    r.route(HttpMethod.POST, "/api/v1/cap").handler(body).handler(cap::importCap);
    r.get("/api/v1/cap/feed.atom").handler(cap::feed);
    r.getWithRegex("/api/v1/alerts/([^/]+)\\.cap").handler(cap::export);
    r.get("/api/v1/alerts/:id").handler(alerts::get);
    r.route(HttpMethod.PATCH, "/api/v1/alerts/:id").handler(body).handler(alerts::update);
    r.route(HttpMethod.POST, "/api/v1/alerts/:id/cancel").handler(body).handler(alerts::cancel);
    r.get("/api/v1/events").handler(alerts::events);

    org.tryvoha.delivery.mqtt.SirenRoutes.mount(r, s.mqtt()); // issue 7: /api/v1/sirens, /sirens
    org.tryvoha.delivery.webhook.WebhookRoutes.mount(r, vertx, s.webhooks(), s.operators(), s.tree(), body); // issue 7: /api/v1/webhooks
    org.tryvoha.delivery.webpush.PushRoutes.mount(r, vertx, s.push(), s.tree(), body); // issue 7: /api/v1/push
    org.tryvoha.track.TrackRoutes tracks = new org.tryvoha.track.TrackRoutes(vertx, s.tracks(), s.operators()); // issue 9: threat tracks
    r.route(HttpMethod.POST, "/api/v1/tracks").handler(body).handler(tracks::post);
    r.get("/api/v1/tracks").handler(tracks::list);
    r.get("/api/v1/tracks/stats").handler(tracks::stats);
    r.get("/api/v1/tracks/proposals").handler(tracks::proposals);
    r.route(HttpMethod.POST, "/api/v1/tracks/:id/confirm").handler(body).handler(tracks::confirm);

    org.tryvoha.history.StatsRoutes.mount(r, vertx, s.stats()); // issue 8: /api/v1/stats/*, /stats

    r.get("/api/v1/stream").handler(streams::sse);
    r.get("/api/v1/ws").handler(streams::websocket);

    r.route().last().handler(ctx -> ctx.fail(404));
    r.route().failureHandler(ProblemHandler::handle);
    return r;
  }

  private static byte[] resource(String path) {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
