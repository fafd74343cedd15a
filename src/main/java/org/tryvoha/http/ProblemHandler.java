package org.tryvoha.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;

/** Renders every failure as an RFC 9457 problem document ({@code application/problem+json}). */
public final class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private ProblemHandler() {}

    public static void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        ProblemException p;
        if (t instanceof ProblemException pe) p = pe;
        else if (t instanceof JsonProcessingException je) p = badJson(je);
        else if (t instanceof IllegalArgumentException ie)
            p = new ProblemException(ErrorCode.MALFORMED_REQUEST, ie.getMessage());
        else if (t == null) p = forStatus(ctx.statusCode());
        else {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
            p = new ProblemException(ErrorCode.INTERNAL, "the server failed to answer; it has been logged");
        }
        send(ctx.response(), p, ctx.request().path());
    }

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    /** A 400 saying where the JSON broke; a member given twice is a 422 naming it. */
    public static ProblemException badJson(JsonProcessingException e) {
        Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (m.find())
            return ProblemException.invalid(
                    List.of(new FieldError(m.group(1), "given more than once; give each member once")));
        return new ProblemException(
                ErrorCode.MALFORMED_REQUEST,
                "the body is not valid JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null
                                ? ""
                                : " (line " + e.getLocation().getLineNr() + ", column "
                                        + e.getLocation().getColumnNr() + ")"));
    }

    private static ProblemException forStatus(int status) {
        return switch (status) {
            case 404 -> new ProblemException(ErrorCode.NOT_FOUND, "no such endpoint; see GET /api/v1/openapi.json");
            case 405 -> new ProblemException(ErrorCode.METHOD_NOT_ALLOWED, "this endpoint does not take that method");
            case 413 ->
                new ProblemException(
                        ErrorCode.TOO_LARGE, "the request body is larger than the server accepts (max-body-bytes)");
            case 415 -> new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
            case 400 -> new ProblemException(ErrorCode.MALFORMED_REQUEST, "the request could not be read");
            default -> new ProblemException(ErrorCode.INTERNAL, "the request failed with status " + status);
        };
    }

    /** The problem document of a failure (also answered on NATS by the track subject). */
    public static Map<String, Object> document(ProblemException p, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.code.type());
        body.put("title", p.code.title);
        body.put("title_uk", p.code.titleUk);
        body.put("status", p.code.status);
        body.put("code", p.code.code());
        body.put("detail", p.getMessage());
        body.put("instance", instance);
        if (!p.errors.isEmpty()) body.put("errors", p.errors);
        return body;
    }

    public static void send(HttpServerResponse resp, ProblemException p, String instance) {
        if (resp.ended() || resp.closed()) return;
        if (resp.headWritten()) {
            resp.end();
            return;
        }
        Map<String, Object> body = document(p, instance);
        if (p.code == ErrorCode.UNAUTHORIZED) resp.putHeader("WWW-Authenticate", "Bearer realm=\"tryvoha\"");
        try {
            resp.setStatusCode(p.code.status)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            resp.setStatusCode(500).end();
        }
    }
}
