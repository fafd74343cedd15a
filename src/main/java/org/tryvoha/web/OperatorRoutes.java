package org.tryvoha.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.http.Http;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneLevel;
import org.tryvoha.zone.ZoneTree;

/** What the operator console needs besides the alert API: which zones would this target. */
final class OperatorRoutes {
    private final Vertx vertx;
    private final ZoneTree tree;

    OperatorRoutes(Vertx vertx, ZoneTree tree) {
        this.vertx = vertx;
        this.tree = tree;
    }

    /**
     * {@code POST /api/v1/zones/resolve} with {@code {"zones":[..],"area":{..}}} (other alert fields
     * are checked too when given): the exact target zones a raise with this body would get, parsed
     * by the same {@link AlertRequest} code, and every hromada they cover.
     */
    void resolve(RoutingContext ctx) {
        JsonNode body = body(ctx);
        vertx.executeBlocking(() -> resolve(body), false)
                .onSuccess(r -> Http.json(ctx, 200, r))
                .onFailure(ctx::fail);
    }

    Map<String, Object> resolve(JsonNode body) {
        AlertRequest req = AlertRequest.parse(body, false, tree, Instant.now());
        if (req.zones() == null)
            throw ProblemException.invalid(List.of(new FieldError("zones", "give target zones, an area, or both")));
        List<Map<String, Object>> targets = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (String id : req.zones()) {
            Zone z = tree.get(id).orElseThrow();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", z.id());
            v.put("level", z.level().wire());
            v.put("name_uk", z.nameUk());
            v.put("name_en", z.nameEn());
            targets.add(v);
            if (z.level() == ZoneLevel.HROMADA || z.isLeaf()) covered.add(z.id());
            else for (Zone d : tree.descendants(z)) if (d.isLeaf()) covered.add(d.id());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", targets.size());
        out.put("zones", targets);
        out.put("hromada_count", covered.size());
        out.put("hromadas", covered);
        return out;
    }

    private static JsonNode body(RoutingContext ctx) {
        JsonNode body = Http.body(ctx, false);
        if (body == null)
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "the request needs a JSON body: {\"zones\":[..]} and/or {\"area\":{..}}");
        return body;
    }
}
