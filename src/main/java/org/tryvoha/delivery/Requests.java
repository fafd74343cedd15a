package org.tryvoha.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.zone.ZoneTree;

/** Request parsing shared by the webhook and Web Push routes. */
public final class Requests {
    public static final int MAX_ZONES = 100;

    private Requests() {}

    /** The JSON body, an object; 400 when missing, broken or not an object, 415 unless declared as JSON. */
    public static JsonNode body(RoutingContext ctx) {
        JsonNode n = Http.body(ctx, true);
        if (!n.isObject()) throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
        return n;
    }

    /** {@code zones}: 1 to {@value #MAX_ZONES} known zone ids; problems are added to {@code errs}. */
    public static List<String> zones(JsonNode body, ZoneTree tree, List<FieldError> errs) {
        JsonNode z = body.path("zones");
        if (!z.isArray() || z.isEmpty() || z.size() > MAX_ZONES) {
            errs.add(new FieldError(
                    "zones", "must be a list of 1 to " + MAX_ZONES + " zone ids (see GET /api/v1/zones/search?q=...)"));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode n : z) {
            if (n.isTextual() && tree.get(n.asText()).isPresent()) out.add(n.asText());
            else unknown.add(n.toString());
        }
        if (!unknown.isEmpty()) errs.add(new FieldError("zones", "unknown zone ids: " + String.join(", ", unknown)));
        return List.copyOf(out);
    }

    /** An optional boolean field; {@code def} when absent. */
    public static boolean bool(JsonNode body, String field, boolean def, List<FieldError> errs) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (!n.isBoolean()) errs.add(new FieldError(field, "must be true or false, got " + n));
        return n.asBoolean(def);
    }

    /** 422 when there were problems. */
    public static void check(List<FieldError> errs) {
        if (!errs.isEmpty()) throw ProblemException.invalid(errs);
    }
}
