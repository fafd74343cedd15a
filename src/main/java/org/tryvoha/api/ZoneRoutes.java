package org.tryvoha.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.http.Validated;
import org.tryvoha.state.ZoneState;
import org.tryvoha.state.ZoneStatus;
import org.tryvoha.stream.Anchors;
import org.tryvoha.stream.Drills;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/** The zone tree, point and name lookups, GeoJSON, and zone status. All answered from memory. */
public final class ZoneRoutes {
    private final ZoneTree tree;
    private final ZoneState state;

    public ZoneRoutes(ZoneTree tree, ZoneState state) {
        this.tree = tree;
        this.state = state;
    }

    /** One zone as JSON, with its parent and (optionally) its children's ids. */
    record ZoneView(
            String id,
            ZoneLevel level,
            String nameUk,
            String nameEn,
            String parent,
            int shelterSeconds,
            List<String> children,
            Map<String, String> names) {
        static ZoneView of(Zone z, boolean withChildren) {
            return new ZoneView(
                    z.id(),
                    z.level(),
                    z.nameUk(),
                    z.nameEn(),
                    z.parent() == null ? null : z.parent().id(),
                    z.shelterSeconds(),
                    withChildren ? z.children().stream().map(Zone::id).toList() : null,
                    z.names());
        }
    }

    /** {@code ?level=..&parent=..}: the tree, flat, filtered. */
    public void list(RoutingContext ctx) {
        ZoneLevel level = level(ctx.request().getParam("level"));
        String parent = ctx.request().getParam("parent");
        if (parent != null && tree.get(parent).isEmpty()) throw notFound(parent);
        List<ZoneView> out = new ArrayList<>();
        for (Zone z : tree.all()) {
            if (level != null && z.level() != level) continue;
            if (parent != null && (z.parent() == null || !z.parent().id().equals(parent))) continue;
            out.add(ZoneView.of(z, false));
        }
        Http.json(ctx, 200, Map.of("zones", out));
    }

    public void one(RoutingContext ctx) {
        Zone z = zone(ctx.pathParam("id"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", ZoneView.of(z, true));
        out.put("chain", tree.chain(z).stream().map(c -> ZoneView.of(c, false)).toList());
        Http.json(ctx, 200, out);
    }

    public void at(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        double[] p = Anchors.point(ctx.request().getParam("lat"), ctx.request().getParam("lon"), errs);
        Http.check(errs);
        Http.json(
                ctx,
                200,
                Map.of(
                        "zones",
                        tree.zonesAt(p[0], p[1]).stream()
                                .map(z -> ZoneView.of(z, false))
                                .toList()));
    }

    public void search(RoutingContext ctx) {
        List<FieldError> errs = new ArrayList<>();
        String q = utf8Param(ctx, "q");
        if (q == null || q.isBlank() || q.length() > 100)
            errs.add(new FieldError("q", "give 1-100 characters of a zone name, e.g. q=Харків or q=kharkiv"));
        int limit = Http.intParam(ctx, "limit", 10, 1, 100, errs);
        Http.check(errs);
        Http.json(
                ctx,
                200,
                Map.of(
                        "zones",
                        tree.search(q, limit).stream()
                                .map(z -> ZoneView.of(z, false))
                                .toList()));
    }

    /** {@code ?level=oblast&simplified=true}: a GeoJSON FeatureCollection of one level. */
    public void geoJson(RoutingContext ctx) {
        ZoneLevel level = level(ctx.request().getParam("level"));
        boolean simplified = !"false".equals(ctx.request().getParam("simplified"));
        byte[] bytes = tree.geoJson(level == null ? ZoneLevel.OBLAST : level, simplified);
        Validated.send(ctx, bytes, "application/geo+json", "public, max-age=3600");
    }

    public void status(RoutingContext ctx) {
        Http.json(ctx, 200, state.snapshot().status(zone(ctx.pathParam("id")), drills(ctx)));
    }

    /** {@code ?zone=A&zone=B}: those zones; none: every zone, or only those under alert with {@code alerted=true}. */
    public void statuses(RoutingContext ctx) {
        ZoneState.Snapshot s = state.snapshot();
        boolean drills = drills(ctx);
        List<String> ids = Http.multi(ctx, "zone");
        List<ZoneStatus> out = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (String id : ids) out.add(s.status(zone(id), drills));
        } else {
            boolean onlyAlerted = "true".equals(ctx.request().getParam("alerted"));
            ZoneLevel level = level(ctx.request().getParam("level"));
            for (Zone z : tree.all()) {
                if (level != null && z.level() != level) continue;
                ZoneStatus st = s.status(z, drills);
                if (!onlyAlerted || st.active() || st.partlyAlerts() > 0) out.add(st);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", s.seq());
        body.put("zones", out);
        Http.json(ctx, 200, body);
    }

    /** Exercise and test alerts count only with {@code ?drills=true}: a drill never looks like a real alert. */
    private static boolean drills(RoutingContext ctx) {
        return Drills.param(ctx.request().getParam("drills"), "drills");
    }

    private Zone zone(String id) {
        return tree.get(id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(
                ErrorCode.NOT_FOUND, "no zone with id '" + id + "'; find ids with GET /api/v1/zones/at?lat=..&lon=..");
    }

    /** A tier's wire name, or the country's own name for it (setting zone-levels). */
    private ZoneLevel level(String s) {
        if (s == null) return null;
        try {
            return tree.country().tier(s);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new FieldError("level", e.getMessage())));
        }
    }

    /**
     * A query parameter also when the client sent its UTF-8 bytes raw instead of percent-encoded
     * ({@code ?q=Львів} as typed): the request line arrives with each byte as one character, which the
     * plain decoder would keep as Latin-1 noise; those bytes are read again as UTF-8. Percent-encoded
     * parameters are decoded as before; bytes that are no UTF-8 are a 400.
     */
    static String utf8Param(RoutingContext ctx, String name) {
        String uri = ctx.request().uri();
        boolean raw = false;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c > 0xFF) return ctx.request().getParam(name); // already characters, not bytes
            raw |= c > 0x7F;
        }
        if (!raw) return ctx.request().getParam(name);
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(uri.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "the query string has bytes that are not UTF-8: send " + name
                            + " as UTF-8, percent-encoded (q=%D0%9B%D1%8C%D0%B2%D1%96%D0%B2 for Львів)");
        }
        List<String> values = new QueryStringDecoder(decoded, StandardCharsets.UTF_8)
                .parameters()
                .get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
