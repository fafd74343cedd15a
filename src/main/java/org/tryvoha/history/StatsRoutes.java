package org.tryvoha.history;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tryvoha.json.Json;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;

/**
 * Public statistics: {@code GET /api/v1/stats/summary}, {@code /stats/series}, {@code /stats/ranking}
 * (JSON, or CSV with {@code Accept: text/csv} or {@code ?format=csv}), and the {@code /stats} page.
 * The work runs on worker threads; a wrong zone, range or parameter is a 400 that says what to send.
 */
public final class StatsRoutes {
    private final Vertx vertx;
    private final Statistics stats;

    private StatsRoutes(Vertx vertx, Statistics stats) {
        this.vertx = vertx;
        this.stats = stats;
    }

    public static void mount(Router r, Vertx vertx, Statistics stats) {
        StatsRoutes s = new StatsRoutes(vertx, stats);
        r.get("/api/v1/stats/summary").handler(s::summary);
        r.get("/api/v1/stats/series").handler(s::series);
        r.get("/api/v1/stats/ranking").handler(s::ranking);
        r.get("/api/v1/stats/in-force").handler(s::inForce);
        StatsPage.mount(r);
    }

    private void summary(RoutingContext ctx) {
        answer(ctx, () -> {
            Statistics.Summary m = stats.summary(zone(ctx), range(ctx));
            return new Answer(m, StatsCsv.summary(m));
        });
    }

    private void series(RoutingContext ctx) {
        answer(ctx, () -> {
            Zone z = zone(ctx);
            String by = ctx.request().getParam("by");
            if (by == null)
                throw new IllegalArgumentException("by is required: day, week, month, hour, weekday or hour_weekday");
            Series s = stats.series(z, range(ctx), Series.By.parse(by));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("zone", z.id());
            body.put("by", s.by());
            body.put("time_zone", stats.timeZone().getId());
            Instant coverage = stats.coverageTo();
            if (coverage != null) body.put("coverage_to", coverage);
            body.put("buckets", s.buckets());
            return new Answer(body, StatsCsv.series(s));
        });
    }

    private void ranking(RoutingContext ctx) {
        answer(ctx, () -> {
            String l = ctx.request().getParam("level", "oblast");
            ZoneLevel level;
            try {
                level = ZoneLevel.fromWire(l);
            } catch (IllegalArgumentException e) {
                level = ZoneLevel.COUNTRY; // refused just below, with the same words
            }
            if (level == ZoneLevel.COUNTRY)
                throw new IllegalArgumentException("level must be oblast, raion or hromada; got '" + l + "'");
            int limit = limit(ctx.request().getParam("limit"));
            List<Statistics.Rank> rows = stats.ranking(level, range(ctx), limit);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("level", level.wire());
            Instant coverage = stats.coverageTo();
            if (coverage != null) body.put("coverage_to", coverage);
            body.put("zones", rows);
            return new Answer(body, StatsCsv.ranking(rows));
        });
    }

    /** The imported alerts still in force (the permanent alerts), for the live map. */
    private void inForce(RoutingContext ctx) {
        answer(ctx, () -> {
            List<HistoryAlert> open = stats.inForce();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (HistoryAlert a : open) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("zone", a.zoneId());
                stats.tree().get(a.zoneId()).ifPresent(z -> {
                    row.put("name_uk", z.nameUk());
                    row.put("name_en", z.nameEn());
                });
                row.put("since", a.start());
                row.put("source", a.source());
                rows.add(row);
            }
            return new Answer(Map.of("alerts", rows), StatsCsv.inForce(open));
        });
    }

    private Zone zone(RoutingContext ctx) {
        String id = ctx.request().getParam("zone");
        if (id == null || id.isBlank())
            throw new IllegalArgumentException(
                    "zone is required: a zone id, e.g. zone=UA63000000000041885 (see /api/v1/zones/search?q=)");
        return stats.tree()
                .get(id.strip())
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown zone '" + id + "'; find ids with /api/v1/zones/search?q=NAME"));
    }

    private Statistics.Range range(RoutingContext ctx) {
        return stats.range(time(ctx, "from", stats.timeZone()), time(ctx, "to", stats.timeZone()));
    }

    /** An ISO-8601 time with offset, or a date (local midnight, {@code time-zone}). */
    static Instant time(RoutingContext ctx, String name, ZoneId tz) {
        String s = ctx.request().getParam(name);
        if (s == null || s.isBlank()) return null;
        try {
            return s.length() == 10
                    ? LocalDate.parse(s).atStartOfDay(tz).toInstant()
                    : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (2024-03-01, midnight " + tz.getId()
                    + " time) or an ISO-8601 time with offset " + "(2024-03-01T00:00:00Z); got '" + s + "'");
        }
    }

    private static int limit(String s) {
        if (s == null) return Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number of 1 or more; got '" + s + "'");
    }

    private record Answer(Object json, String csv) {}

    private void answer(RoutingContext ctx, Callable<Answer> work) {
        boolean csv = wantsCsv(ctx);
        record Done(Answer answer, Instant coverage) {}
        vertx.executeBlocking(() -> new Done(work.call(), stats.coverageTo()), false)
                .onFailure(ctx::fail)
                .onSuccess(done -> {
                    Answer a = done.answer();
                    try {
                        ctx.response().putHeader("Cache-Control", "no-cache");
                        // for CSV too, whose columns have no room for it
                        if (done.coverage() != null)
                            ctx.response()
                                    .putHeader("Coverage-To", done.coverage().toString());
                        if (csv)
                            ctx.response()
                                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                                    .end(a.csv());
                        else
                            ctx.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end(Json.MAPPER.writeValueAsString(a.json()));
                    } catch (Exception e) {
                        ctx.fail(e);
                    }
                });
    }

    private static boolean wantsCsv(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        if (format != null) {
            if (format.equals("csv")) return true;
            if (format.equals("json")) return false;
            throw new IllegalArgumentException("format must be json or csv; got '" + format + "'");
        }
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
    }
}
