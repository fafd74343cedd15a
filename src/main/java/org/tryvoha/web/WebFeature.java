package org.tryvoha.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.config.Config;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.http.Assets;
import org.tryvoha.http.Http;
import org.tryvoha.http.Pages;
import org.tryvoha.security.Guard;
import org.tryvoha.shelter.ShelterIndex;
import org.tryvoha.shelter.ShelterRoutes;
import org.tryvoha.zone.ZoneTree;

/**
 * The web pages (live map {@code /}, resident page {@code /resident}, operator console
 * {@code /console}), their static files (the resident page's web-app manifest among them, {@code
 * /web/manifest.webmanifest}, and the push worker at {@code /push-sw.js}) and Leaflet from its
 * WebJar, all served from the jar; and
 * the small endpoints they need: {@code /api/v1/web/config} ({@code /api/v1/whoami} is mounted by audit.OpsRoutes),
 * {@code POST /api/v1/zones/resolve}, {@code /api/v1/shelters}, {@code /api/v1/places} (see {@link PlaceRoutes}).
 */
public final class WebFeature implements Feature {
    static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist";
    /** Pages get no inline styles or scripts. */
    private static final String CSP = Guard.PAGE_CSP;
    /** No tile server by default: the map draws zones on a plain background. */
    public static final String DEFAULT_BASEMAP_URL = null;
    /** The bundled Kyiv sample; "none" for no shelters. */
    public static final String DEFAULT_SHELTERS_FILE = null;

    private final ZoneTree tree;
    private final ShelterIndex shelters;
    private final Map<String, Object> config;

    private WebFeature(ZoneTree tree, ShelterIndex shelters, Map<String, Object> config) {
        this.tree = tree;
        this.shelters = shelters;
        this.config = config;
    }

    /**
     * From the settings {@code shelters-file}, {@code basemap-url} and {@code basemap-attribution};
     * {@code heartbeatSeconds} is the streams' (the pages show a stale feed after two missed beats).
     */
    public static WebFeature create(Config.Source s, ZoneTree tree, int heartbeatSeconds) throws IOException {
        ShelterIndex shelters = ShelterIndex.load(s.text("shelters-file", DEFAULT_SHELTERS_FILE), tree);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heartbeat_seconds", heartbeatSeconds);
        out.put("basemap_url", s.text("basemap-url", DEFAULT_BASEMAP_URL));
        out.put("basemap_attribution", s.text("basemap-attribution", null));
        out.put("shelters", shelters.size());
        out.put("shelters_source", shelters.source());
        out.put("walking_speed_mps", ShelterIndex.WALKING_SPEED_MPS);
        out.putAll(CountryView.of(tree)); // map_bounds, time_zone, languages, level_labels
        return new WebFeature(tree, shelters, out);
    }

    /** Adds the pages and endpoints; mount before the server's own JSON {@code GET /}. */
    @Override
    public void mount(Routes routes) {
        Router r = routes.router();
        BodyHandler body = routes.body();
        OperatorRoutes ops = new OperatorRoutes(routes.vertx(), tree);
        ShelterRoutes near = new ShelterRoutes(shelters);
        Handler<RoutingContext> map = Pages.page("index.html", CSP);
        r.get("/").handler(ctx -> {
            String accept = ctx.request().getHeader("Accept");
            if (accept != null && accept.contains("text/html")) map.handle(ctx);
            else ctx.next(); // API clients keep the JSON index
        });
        r.get("/resident").handler(Pages.page("resident.html", CSP));
        r.get("/console").handler(Pages.page("console.html", CSP));
        r.get("/web/*").handler(Assets.folder("web", "/web/", 60));
        // the push worker at the root, so that its scope "/" covers the installed app (/resident);
        // revalidated at once, so that a changed worker reaches phones without waiting
        r.get("/push-sw.js").handler(Assets.folder("web", "/", 0));
        r.get("/vendor/leaflet/*").handler(Assets.folder(LEAFLET, "/vendor/leaflet/", 86_400));
        r.get("/api/v1/web/config").handler(ctx -> Http.json(ctx, 200, config));
        r.route(HttpMethod.POST, "/api/v1/zones/resolve").handler(body).handler(ops::resolve);
        r.get("/api/v1/shelters/near").handler(near::near);
        r.get("/api/v1/shelters").handler(near::box);
        PlaceRoutes places = new PlaceRoutes(tree);
        r.get("/api/v1/places").handler(places::search);
        r.get("/api/v1/places/:zone").handler(places::one);
        r.get("/api/v1/places/:zone/area").handler(places::area);
    }
}
