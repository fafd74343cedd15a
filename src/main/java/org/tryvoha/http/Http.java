package org.tryvoha.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;

/** Small helpers shared by the route classes: JSON answers, JSON bodies, blocking work, parameters. */
public final class Http {
    private Http() {}

    public static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** Runs blocking work (store, service) off the event loop; answers with its result or its failure. */
    public static <T> void blocking(Vertx vertx, RoutingContext ctx, int status, Callable<T> work) {
        Future<T> f = vertx.executeBlocking(work, false);
        f.onSuccess(r -> json(ctx, status, r)).onFailure(ctx::fail);
    }

    /**
     * The request body as JSON; 415 unless it is declared as JSON, 400 when it does not parse. No
     * body: 400 when {@code required}, else null.
     */
    public static JsonNode body(RoutingContext ctx, boolean required) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            if (required) throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
            return null;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the body with Content-Type: application/json (got " + (type == null ? "none" : type) + ")");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ProblemHandler.badJson(e);
        }
    }

    /** Repeatable or comma-separated parameter values. */
    public static List<String> multi(RoutingContext ctx, String name) {
        List<String> out = new ArrayList<>();
        for (String v : ctx.queryParam(name)) for (String p : v.split(",")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    public static int intParam(RoutingContext ctx, String name, int def, int min, int max, List<FieldError> errs) {
        String s = ctx.request().getParam(name);
        if (s == null) return def;
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errs.add(new FieldError(name, "must be a whole number from " + min + " to " + max + ", got '" + s + "'"));
        return def;
    }

    public static long longParam(RoutingContext ctx, String name, long def, List<FieldError> errs) {
        String s = ctx.request().getParam(name);
        if (s == null) return def;
        try {
            long v = Long.parseLong(s);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errs.add(new FieldError(name, "must be a whole number of 0 or more, got '" + s + "'"));
        return def;
    }

    public static Instant timeParam(RoutingContext ctx, String name, List<FieldError> errs) {
        String s = ctx.request().getParam(name);
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            errs.add(new FieldError(name, "not an ISO-8601 time with offset, e.g. 2026-11-23T00:00:00Z"));
            return null;
        }
    }

    public static void check(List<FieldError> errs) {
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
    }
}
