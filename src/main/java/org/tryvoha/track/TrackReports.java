package org.tryvoha.track;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.json.Json;

/**
 * Parses a batch {@code {"reports": [ ... ]}} of track reports. Every wrong field of every report
 * is named ({@code reports[3].lat}); one wrong report refuses the whole batch (422), so a feed
 * never has half a batch accepted. Stateless and thread-safe.
 */
public final class TrackReports {
    /** Uncertainty assumed when a report gives none: generous, so a silent feed over-warns rather than misses. */
    public static final double DEFAULT_UNCERTAINTY_M = 1000;

    static final double MAX_UNCERTAINTY_M = 100_000;
    static final double MAX_SPEED_MS = 5000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private TrackReports() {}

    /**
     * Parses a batch from its text, as the HTTP feed and the NATS subject receive it; a refused batch
     * counts each of its reports as invalid in {@code stats}.
     */
    public static List<TrackReport> parseText(String text, int maxReports, TrackStats stats) {
        if (text == null || text.isBlank())
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            return parse(body, maxReports);
        } catch (ProblemException e) {
            if (e.code == ErrorCode.INVALID && body.path("reports").isArray())
                stats.invalid(body.get("reports").size());
            throw e;
        }
    }

    public static List<TrackReport> parse(JsonNode body, int maxReports) {
        if (body == null || !body.isObject() || !body.path("reports").isArray()) {
            throw ProblemException.invalid(
                    List.of(new FieldError("reports", "the body must be {\"reports\": [ ... ]}")));
        }
        JsonNode arr = body.get("reports");
        if (arr.size() > maxReports) {
            throw new ProblemException(
                    ErrorCode.TOO_LARGE,
                    "a batch holds at most " + maxReports + " reports (track-batch-max), got " + arr.size()
                            + "; split it");
        }
        if (arr.isEmpty())
            throw ProblemException.invalid(List.of(new FieldError("reports", "give at least one report")));
        List<FieldError> errs = new ArrayList<>();
        List<TrackReport> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            TrackReport r = one(arr.get(i), "reports[" + i + "].", errs);
            if (r != null) out.add(r);
        }
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        return out;
    }

    private static TrackReport one(JsonNode n, String p, List<FieldError> errs) {
        if (n == null || !n.isObject()) {
            errs.add(new FieldError(p.substring(0, p.length() - 1), "must be an object"));
            return null;
        }
        int before = errs.size();
        String id = n.path("track_id").asText("");
        if (!n.path("track_id").isTextual() || !ID.matcher(id).matches()) {
            errs.add(new FieldError(p + "track_id", "required: 1-64 letters, digits or . _ : @ -"));
        }
        ThreatClass cls = null;
        try {
            cls = ThreatClass.parse(n.path("class").asText(""));
        } catch (IllegalArgumentException e) {
            errs.add(new FieldError(
                    p + "class", n.has("class") ? e.getMessage() : "required; one of: " + ThreatClass.allowed()));
        }
        Instant time = null;
        try {
            time = OffsetDateTime.parse(n.path("time").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            errs.add(new FieldError(p + "time", "required: an ISO-8601 time with offset, e.g. 2026-11-23T21:00:00Z"));
        }
        TrackReport.End end = null;
        if (n.hasNonNull("end")) {
            try {
                end = TrackReport.End.parse(n.get("end").asText());
            } catch (IllegalArgumentException e) {
                errs.add(new FieldError(p + "end", e.getMessage()));
            }
        }
        boolean needMotion = !n.hasNonNull("end");
        double lat = number(n, "lat", p, -90, 90, needMotion, errs);
        double lon = number(n, "lon", p, -180, 180, needMotion, errs);
        if (Double.isNaN(lat) != Double.isNaN(lon) && errs.size() == before) {
            errs.add(new FieldError(p + (Double.isNaN(lat) ? "lat" : "lon"), "give lat and lon together"));
        }
        double[] v = velocity(n, p, needMotion, errs);
        double alt = number(n, "altitude", p, -500, 1_000_000, false, errs);
        double unc = number(n, "uncertainty_m", p, 0, MAX_UNCERTAINTY_M, false, errs);
        double vunc = number(n, "velocity_uncertainty", p, 0, MAX_SPEED_MS, false, errs);
        if (errs.size() > before) return null;
        return new TrackReport(
                id,
                cls,
                time,
                lat,
                lon,
                v[0],
                v[1],
                v[2],
                alt,
                Double.isNaN(unc) ? DEFAULT_UNCERTAINTY_M : unc,
                vunc,
                end);
    }

    /** {@code velocity: {east, north, up?}} in m/s, or {@code heading} (degrees from north) with {@code speed}. */
    private static double[] velocity(JsonNode n, String p, boolean required, List<FieldError> errs) {
        if (n.has("velocity")) {
            JsonNode v = n.get("velocity");
            if (!v.isObject()) {
                errs.add(new FieldError(p + "velocity", "must be {\"east\": m/s, \"north\": m/s, \"up\": m/s}"));
                return new double[] {0, 0, 0};
            }
            double e = number(v, "east", p + "velocity.", -MAX_SPEED_MS, MAX_SPEED_MS, true, errs);
            double no = number(v, "north", p + "velocity.", -MAX_SPEED_MS, MAX_SPEED_MS, true, errs);
            double up = number(v, "up", p + "velocity.", -MAX_SPEED_MS, MAX_SPEED_MS, false, errs);
            return new double[] {e, no, Double.isNaN(up) ? 0 : up};
        }
        if (n.has("heading") || n.has("speed")) {
            double h = number(n, "heading", p, 0, 360, true, errs);
            double s = number(n, "speed", p, 0, MAX_SPEED_MS, true, errs);
            double up = number(n, "vertical_speed", p, -MAX_SPEED_MS, MAX_SPEED_MS, false, errs);
            if (Double.isNaN(h) || Double.isNaN(s)) return new double[] {0, 0, 0};
            double r = Math.toRadians(h);
            return new double[] {s * Math.sin(r), s * Math.cos(r), Double.isNaN(up) ? 0 : up};
        }
        if (required)
            errs.add(new FieldError(
                    p + "velocity", "required: {\"east\", \"north\"} in m/s, or heading (degrees) and speed (m/s)"));
        return new double[] {0, 0, 0};
    }

    /** A finite number within [min, max]; NaN when absent and not required. */
    private static double number(
            JsonNode n, String name, String p, double min, double max, boolean required, List<FieldError> errs) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            if (required) errs.add(new FieldError(p + name, "required: a number from " + fmt(min) + " to " + fmt(max)));
            return Double.NaN;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            errs.add(new FieldError(p + name, "must be a number from " + fmt(min) + " to " + fmt(max) + ", got " + v));
            return Double.NaN;
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
