package org.tryvoha.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.Area;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * An operator's raise or update, checked field by field. Null fields were not given (an update
 * changes only what it names); {@code clearExpiry} is an explicit {@code "expires_at": null}.
 */
public record AlertRequest(
        AlertType type,
        AlertStatus status,
        List<String> zones,
        JsonNode area,
        Map<String, String> message,
        Instant expiresAt,
        boolean clearExpiry) {

    public static final int MAX_MESSAGE_CHARS = 4000;
    public static final int MAX_ZONES = 5000;
    /** The members a body may have; anything else is most likely a misspelling and is refused. */
    public static final Set<String> FIELDS = Set.of("type", "status", "zones", "area", "message", "expires_at");

    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    /** Parses and checks a request body; throws a 422 naming every wrong field. */
    public static AlertRequest parse(JsonNode body, boolean raise, ZoneTree tree, Instant now) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("$", "the body must be a JSON object")));
        }
        List<FieldError> errs = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f))
                errs.add(new FieldError(
                        f, "unknown field; an alert has only: " + String.join(", ", new TreeSet<>(FIELDS))));
        });
        AlertType type = null;
        AlertStatus status = raise ? AlertStatus.ACTUAL : null;
        JsonNode n = body.get("type");
        if (n != null) {
            try {
                type = AlertType.parse(n.asText());
            } catch (IllegalArgumentException e) {
                errs.add(new FieldError("type", e.getMessage()));
            }
        } else if (raise) errs.add(new FieldError("type", "required; one of: " + AlertType.allowed()));
        if ((n = body.get("status")) != null) {
            try {
                status = AlertStatus.parse(n.asText());
            } catch (IllegalArgumentException e) {
                errs.add(new FieldError("status", e.getMessage()));
            }
        }
        Set<String> zones = new LinkedHashSet<>();
        boolean zonesGiven = parseZones(body.get("zones"), tree, zones, errs);
        JsonNode area = body.get("area");
        if (area != null && !area.isNull()) {
            try {
                Geometry g = Area.parse(area, "area");
                List<Zone> hit = tree.leavesIntersecting(g);
                if (hit.isEmpty())
                    errs.add(new FieldError(
                            "area", "the area covers no zone; check that coordinates are [longitude, latitude]"));
                hit.forEach(z -> zones.add(z.id()));
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                int colon = m.indexOf(": ");
                errs.add(new FieldError(m.substring(0, colon), m.substring(colon + 2)));
            }
        } else area = null;
        if (raise && !zonesGiven && area == null)
            errs.add(new FieldError("zones", "give target zones, an area, or both"));
        Map<String, String> message = parseMessage(body.get("message"), raise, errs);
        Instant expires = null;
        boolean clear = false;
        if ((n = body.get("expires_at")) != null) {
            if (n.isNull()) clear = true;
            else {
                try {
                    expires = OffsetDateTime.parse(n.asText()).toInstant();
                    if (!expires.isAfter(now))
                        errs.add(new FieldError("expires_at", "must be in the future (now is " + now + ")"));
                } catch (DateTimeParseException e) {
                    errs.add(new FieldError(
                            "expires_at", "not an ISO-8601 time with offset, e.g. 2026-11-23T21:00:00Z"));
                }
            }
        }
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
        List<String> targets = zonesGiven || area != null ? outermost(zones, tree) : null;
        if (targets != null && targets.size() > MAX_ZONES) {
            throw ProblemException.invalid(
                    List.of(new FieldError("zones", "more than " + MAX_ZONES + " zones; target larger zones instead")));
        }
        return new AlertRequest(type, status, targets, area, message, expires, clear);
    }

    private static boolean parseZones(JsonNode n, ZoneTree tree, Set<String> out, List<FieldError> errs) {
        if (n == null || n.isNull()) return false;
        if (!n.isArray()) {
            errs.add(new FieldError("zones", "must be an array of zone ids, e.g. [\"UA63000000000041885\"]"));
            return false;
        }
        if (n.isEmpty()) {
            // an alert in force that reaches nobody is never what the operator meant
            errs.add(new FieldError("zones", "zones must name at least one zone (or leave it out and give an area)"));
            return false;
        }
        for (int i = 0; i < n.size(); i++) {
            String id = n.get(i).asText("");
            if (tree.get(id).isPresent()) out.add(id);
            else
                errs.add(new FieldError(
                        "zones[" + i + "]",
                        "unknown zone id '" + id + "'; find ids with GET /api/v1/zones/at?lat=..&lon=.."));
        }
        return true;
    }

    private static Map<String, String> parseMessage(JsonNode n, boolean raise, List<FieldError> errs) {
        if (n == null || n.isNull()) {
            if (raise) errs.add(new FieldError("message", "required: {\"uk\": \"…\", \"en\": \"…\"}"));
            return null;
        }
        if (!n.isObject()) {
            errs.add(new FieldError(
                    "message", "must be an object of language → text, e.g. {\"uk\": \"…\", \"en\": \"…\"}"));
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            String f = "message." + e.getKey();
            String text = e.getValue().isTextual() ? e.getValue().asText().strip() : "";
            if (blank(text)) text = "";
            if (!LANG.matcher(e.getKey()).matches())
                errs.add(new FieldError(f, "not a language code such as uk or en"));
            else if (text.isEmpty()) errs.add(new FieldError(f, "must be non-empty text"));
            else if (text.length() > MAX_MESSAGE_CHARS)
                errs.add(new FieldError(f, "longer than " + MAX_MESSAGE_CHARS + " characters"));
            else m.put(e.getKey(), text);
        });
        if (m.isEmpty() && errs.stream().noneMatch(e -> e.field().startsWith("message"))) {
            errs.add(new FieldError("message", "give the text in at least one language, preferably uk and en"));
        }
        return m;
    }

    /** True when the text has nothing a reader could see: only spaces of any kind and invisible format characters. */
    static boolean blank(String text) {
        return text.codePoints()
                .allMatch(c -> Character.isWhitespace(c)
                        || Character.isSpaceChar(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.isISOControl(c));
    }

    /** Drops every zone that another target already contains. */
    static List<String> outermost(Set<String> ids, ZoneTree tree) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            boolean covered = false;
            for (Zone z = tree.get(id).orElseThrow().parent(); z != null && !covered; z = z.parent())
                covered = ids.contains(z.id());
            if (!covered) out.add(id);
        }
        return out;
    }
}
