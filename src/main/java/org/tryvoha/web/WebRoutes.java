package org.tryvoha.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.Services;
import org.tryvoha.shelter.ShelterIndex;
import org.tryvoha.shelter.ShelterRoutes;

/**
 * The web pages (live map {@code /}, resident page {@code /resident}, operator console
 * {@code /console}), their static files and Leaflet from its WebJar, all served from the jar; and
 * the small endpoints they need: {@code /api/v1/web/config} ({@code /api/v1/whoami} is mounted by audit.OpsRoutes),
 * {@code POST /api/v1/zones/resolve}, {@code /api/v1/shelters}.
 */
public final class WebRoutes {
  static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist";
  private static final String CSP = org.tryvoha.security.Guard.PAGE_CSP; // issue 4: no inline styles
  private static final Buffer MAP = page("index.html"), RESIDENT = page("resident.html"), CONSOLE = page("console.html");

  private WebRoutes() {}

  /** Adds the pages and endpoints to {@code r}; call before the router's own {@code GET /}. */
  public static void mount(Router r, Vertx vertx, Services s, BodyHandler body) {
    ShelterIndex shelters = s.shelters();
    OperatorRoutes ops = new OperatorRoutes(vertx, s.tree());
    ShelterRoutes near = new ShelterRoutes(shelters);
    r.get("/").handler(ctx -> {
      String accept = ctx.request().getHeader("Accept");
      if (accept != null && accept.contains("text/html")) html(ctx, MAP);
      else ctx.next(); // API clients keep the JSON index
    });
    r.get("/resident").handler(ctx -> html(ctx, RESIDENT));
    r.get("/console").handler(ctx -> html(ctx, CONSOLE));
    r.get("/web/*").handler(StaticHandler.create("web").setMaxAgeSeconds(60).setIncludeHidden(false).setDirectoryListing(false));
    r.get("/vendor/leaflet/*").handler(StaticHandler.create(LEAFLET).setMaxAgeSeconds(86_400));
    r.get("/api/v1/web/config").handler(ctx -> OperatorRoutes.json(ctx, 200, config(s, shelters)));
    r.route(HttpMethod.POST, "/api/v1/zones/resolve").handler(body).handler(ops::resolve);
    r.get("/api/v1/shelters/near").handler(near::near);
    r.get("/api/v1/shelters").handler(near::box);
  }

  private static Map<String, Object> config(Services s, ShelterIndex shelters) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("heartbeat_seconds", s.config().heartbeatSeconds());
    out.put("basemap_url", s.config().basemapUrl());
    out.put("basemap_attribution", s.config().basemapAttribution());
    out.put("shelters", shelters.size());
    out.put("shelters_source", shelters.source());
    out.put("walking_speed_mps", ShelterIndex.WALKING_SPEED_MPS);
    return out;
  }

  private static void html(RoutingContext ctx, Buffer page) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff").end(page);
  }

  private static Buffer page(String name) {
    try (InputStream in = WebRoutes.class.getResourceAsStream("/web/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource /web/" + name);
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /web/" + name, e);
    }
  }
}
