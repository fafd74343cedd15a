package org.tryvoha.web;

import org.tryvoha.http.Pages;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.server.Services;
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

  private WebRoutes() {}

  /** Adds the pages and endpoints to {@code r}; call before the router's own {@code GET /}. */
  public static void mount(Router r, Vertx vertx, Services s, BodyHandler body) {
    ShelterIndex shelters = s.shelters();
    OperatorRoutes ops = new OperatorRoutes(vertx, s.tree());
    ShelterRoutes near = new ShelterRoutes(shelters);
    Handler<RoutingContext> map = Pages.page("index.html", CSP);
    r.get("/").handler(ctx -> {
      String accept = ctx.request().getHeader("Accept");
      if (accept != null && accept.contains("text/html")) map.handle(ctx);
      else ctx.next(); // API clients keep the JSON index
    });
    r.get("/resident").handler(Pages.page("resident.html", CSP));
    r.get("/console").handler(Pages.page("console.html", CSP));
    r.get("/web/*").handler(StaticHandler.create("web").setMaxAgeSeconds(60).setIncludeHidden(false).setDirectoryListing(false));
    r.get("/vendor/leaflet/*").handler(StaticHandler.create(LEAFLET).setMaxAgeSeconds(86_400));
    r.get("/api/v1/web/config").handler(ctx -> org.tryvoha.http.Http.json(ctx, 200, config(s, shelters)));
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
}
