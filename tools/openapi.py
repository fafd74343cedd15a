#!/usr/bin/env python3
"""Writes src/main/resources/api/openapi.json (the OpenAPI 3 description of /api/v1).
Edit this file, then run: python3 tools/openapi.py"""
import json, pathlib

def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def problem(*codes): return {str(c): {"$ref": f"#/components/responses/Problem{c}"} for c in codes}
def ok(schema, desc="OK", ctype="application/json"): return {"description": desc, "content": {ctype: {"schema": schema}}}
def q(name, desc, schema=None, required=False, explode=None):
    p = {"name": name, "in": "query", "required": required, "description": desc, "schema": schema or {"type": "string"}}
    return p
path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
zone_param = q("zone", "Zone id (KATOTTG code); repeatable", {"type": "array", "items": {"type": "string"}})
lat = q("lat", "Latitude, WGS84 decimal degrees", {"type": "number", "minimum": -90, "maximum": 90})
lon = q("lon", "Longitude, WGS84 decimal degrees", {"type": "number", "minimum": -180, "maximum": 180})
drills_param = q("drills", "true: also exercise and test alerts (drills), marked exercise; default false: real alerts only", {"type": "boolean", "default": False})
level = q("level", "Zone level", {"type": "string", "enum": ["country", "oblast", "raion", "hromada"]})
bearer = [{"operatorKey": []}]
types = ["air_raid", "ballistic_missile", "cruise_missile", "drone", "guided_bomb", "artillery", "urban_fights", "chemical", "nuclear", "info", "early_warning"]
time = {"type": "string", "format": "date-time", "description": "UTC ISO-8601"}
server_timing = {"description": "The server's own time from reading the request to answering it, durable commit included (W3C Server-Timing), e.g. app;dur=1.734;desc=\"request to answer\"", "schema": {"type": "string"}}

pcts = {"type": "object", "properties": {k: {"type": "number", "nullable": True, "description": "milliseconds"} for k in ["p50", "p90", "p99", "max"]}}
channel_latency = {"type": "object", "properties": {"samples": {"type": "integer"}, "samples_total": {"type": "integer"},
    "deliveries_total": {"type": "integer", "description": "Events written to subscribers of this channel since start"},
    "commit_to_write_ms": pcts, "fanout_ms": pcts, "hop_ms": pcts}}
schemas = {
  "Latency": {"type": "object", "properties": {"window": {"type": "string"},
      "channels": {"type": "object", "properties": {"sse": channel_latency, "ws": channel_latency}},
      "subscribers": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "Connected subscribers per channel"},
      "heap_used_bytes": {"type": "integer"}, "heap_committed_bytes": {"type": "integer"},
      "rss_bytes": {"type": "integer", "description": "Resident set size (Linux /proc/self/status); -1 elsewhere"}}},
  "Zone": {"type": "object", "properties": {
      "id": {"type": "string", "example": "UA63000000000041885"}, "level": {"type": "string", "enum": ["country", "oblast", "raion", "hromada"]},
      "name_uk": {"type": "string"}, "name_en": {"type": "string"}, "parent": {"type": "string"},
      "shelter_seconds": {"type": "integer", "description": "Time to reach shelter"},
      "children": {"type": "array", "items": {"type": "string"}}}},
  "Message": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 4000},
      "example": {"uk": "Повітряна тривога! Пройдіть в укриття.", "en": "Air raid alert! Go to a shelter."}},
  "GeoJsonArea": {"type": "object", "description": "GeoJSON (RFC 7946) Polygon, MultiPolygon or a Feature holding one; [lon, lat]; at most 20,000 vertices",
      "properties": {"type": {"type": "string", "enum": ["Polygon", "MultiPolygon", "Feature"]}, "coordinates": {"type": "array"}}},
  "AlertRaise": {"type": "object", "required": ["type", "message"], "description": "Give zones, an area, or both",
      "properties": {"type": {"type": "string", "enum": types}, "status": {"type": "string", "enum": ["actual", "exercise", "test"], "default": "actual"},
        "zones": {"type": "array", "items": {"type": "string"}, "maxItems": 5000}, "area": ref("GeoJsonArea"),
        "message": ref("Message"), "expires_at": time}},
  "AlertUpdate": {"type": "object", "description": "Only the fields given change; expires_at: null removes the expiry; status cannot change",
      "properties": {"type": {"type": "string", "enum": types}, "zones": {"type": "array", "items": {"type": "string"}},
        "area": ref("GeoJsonArea"), "message": ref("Message"), "expires_at": {**time, "nullable": True}}},
  "Alert": {"type": "object", "properties": {
      "id": {"type": "string"}, "type": {"type": "string", "enum": types}, "status": {"type": "string", "enum": ["actual", "exercise", "test"]},
      "zones": {"type": "array", "items": {"type": "string"}, "description": "Target zones; an alert on a zone covers every zone inside it"},
      "area": ref("GeoJsonArea"), "message": ref("Message"), "sender": {"type": "string"},
      "issued_at": time, "expires_at": time, "updated_at": time, "ended_at": time, "active": {"type": "boolean"},
      "version": {"type": "integer", "description": "Sequence number of the alert's latest event"}}},
  "AlertResult": {"type": "object", "properties": {"seq": {"type": "integer", "description": "The event's sequence number in the log"},
      "kind": {"type": "string", "enum": ["issued", "updated", "cancelled", "expired"]}, "at": time, "alert": ref("Alert")}},
  "Event": {"type": "object", "properties": {"type": {"type": "string", "enum": ["event"]}, "seq": {"type": "integer"},
      "kind": {"type": "string", "enum": ["issued", "updated", "cancelled", "expired"]}, "at": time, "alert": ref("Alert"),
      "previous_zones": {"type": "array", "items": {"type": "string"}, "description": "For updated: the zones before the change"}}},
  "ZoneStatus": {"type": "object", "properties": {"zone": {"type": "string"}, "name_uk": {"type": "string"}, "name_en": {"type": "string"},
      "active": {"type": "boolean", "description": "An alert covers the whole zone (on it or on a zone containing it)"},
      "since": time, "types": {"type": "array", "items": {"type": "string"}},
      "alerts": {"type": "array", "items": {"type": "object", "properties": {"alert": ref("Alert"), "via": {"type": "string"}, "since": time}}},
      "partly_alerts": {"type": "integer", "description": "When not active: alerts on zones inside this one"}}},
  "Problem": {"type": "object", "description": "RFC 9457 problem details", "properties": {
      "type": {"type": "string"}, "title": {"type": "string"}, "title_uk": {"type": "string"}, "status": {"type": "integer"},
      "code": {"type": "string"}, "detail": {"type": "string"}, "instance": {"type": "string"},
      "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
}
responses = {f"Problem{c}": {"description": d, "content": {"application/problem+json": {"schema": ref("Problem")}}} for c, d in [
  (400, "Malformed request"), (401, "Missing, unknown or revoked operator key"), (403, "Not allowed"), (404, "Not found"),
  (409, "Conflicts with the alert's state (e.g. already ended)"), (413, "Body too large"), (415, "Body is not application/json"),
  (422, "Invalid fields; `errors` names each"), (426, "Another protocol version is needed (a WebSocket handshake not of version 13; the answer says `Sec-WebSocket-Version: 13`)")]}

paths = {
  "/api/v1/health": {"get": {"summary": "Liveness and the last applied event", "responses": {"200": ok({"type": "object"})}}},
  # issue 6: readiness and metrics
  "/api/v1/ready": {"get": {"summary": "Readiness: 200 when the store answers and the bus delivers (NATS down is 'degraded', still 200), else 503; per-component detail",
      "responses": {"200": ok({"type": "object"}), "503": {"description": "Not ready: a component is down", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
  "/metrics": {"get": {"summary": "Prometheus metrics (text exposition): events written and delivered, subscribers per channel, bus and delivery lag",
      "responses": {"200": {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
  "/api/v1/latency": {"get": {"summary": "Live delivery latency per channel (sse, ws) and this process's memory",
      "description": "Over the last 4096 samples per channel; one sample per event per event loop, taken right after the loop wrote the event to its last subscriber on that channel. commit_to_write_ms: from the event's time (`at`, stamped before its store transaction, millisecond resolution, so up to 1 ms long) to that write, i.e. waiting for the store's writer, the SQL, the durable commit and the fan-out; fanout_ms: from when this node's fan-out received the committed event (in-process bus: right after the commit, on the committing thread; NATS: when it reached the node) to that write, i.e. signing, encoding, the hand-off and the writes; hop_ms: from the end of the encoding to when the event loop took the event up. Percentiles are nearest-rank; the percentile objects are empty while a channel has no samples.",
      "parameters": [q("after_seq", "Only samples of events after this sequence number (a benchmark leaves out its warm-up); 0: every sample in the window", {"type": "integer", "default": 0, "minimum": 0})],
      "responses": {"200": ok(ref("Latency")), **problem(422)}}},
  "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": ok({"type": "object"})}}},
  "/api/v1/zones": {"get": {"summary": "The zone tree, flat", "parameters": [level, q("parent", "Only children of this zone")],
      "responses": {"200": ok({"type": "object", "properties": {"zones": {"type": "array", "items": ref("Zone")}}}), **problem(404, 422)}}},
  "/api/v1/zones/at": {"get": {"summary": "Every zone containing a point, leaf first (empty when none)", "parameters": [{**lat, "required": True}, {**lon, "required": True}],
      "responses": {"200": ok({"type": "object", "properties": {"zones": {"type": "array", "items": ref("Zone")}}}), **problem(422)}}},
  "/api/v1/zones/search": {"get": {"summary": "Zones by name (Ukrainian or Latin, diacritics optional)", "parameters": [q("q", "Name or part of it", required=True), q("limit", "1-100", {"type": "integer", "default": 10})],
      "responses": {"200": ok({"type": "object", "properties": {"zones": {"type": "array", "items": ref("Zone")}}}), **problem(422)}}},
  "/api/v1/zones/geojson": {"get": {"summary": "GeoJSON FeatureCollection of one level", "parameters": [level, q("simplified", "Simplified for maps (default true)", {"type": "boolean", "default": True})],
      "responses": {"200": ok({"type": "object"}, ctype="application/geo+json"), **problem(422)}}},
  "/api/v1/zones/{id}": {"get": {"summary": "One zone, its children and its chain to the root", "parameters": [path_id],
      "responses": {"200": ok({"type": "object", "properties": {"zone": ref("Zone"), "chain": {"type": "array", "items": ref("Zone")}}}), **problem(404)}}},
  "/api/v1/zones/{id}/status": {"get": {"summary": "Is this zone under alert, since when, by which alerts (drills only with drills=true)", "parameters": [path_id, drills_param],
      "responses": {"200": ok(ref("ZoneStatus")), **problem(404)}}},
  "/api/v1/status": {"get": {"summary": "Status of the zones named, or of every zone (drills only with drills=true)", "parameters": [zone_param, level, q("alerted", "Only zones under alert (wholly or partly)", {"type": "boolean"}), drills_param],
      "responses": {"200": ok({"type": "object", "properties": {"seq": {"type": "integer"}, "zones": {"type": "array", "items": ref("ZoneStatus")}}}), **problem(404, 422)}}},
  "/api/v1/alerts": {
    "post": {"summary": "Raise an alert", "security": bearer, "requestBody": {"required": True, "content": {"application/json": {"schema": ref("AlertRaise")}}},
      "responses": {"201": {**ok(ref("AlertResult"), "Committed to the event log"), "headers": {"Server-Timing": server_timing}}, **problem(400, 401, 413, 415, 422)}},
    "get": {"summary": "Alerts in force (active=true), or history with filters, newest first",
      "parameters": [q("active", "true: only alerts in force", {"type": "boolean"}),
        {**zone_param, "description": "Alerts on this zone, a zone containing it, or a zone inside it; repeatable"},
        q("type", "Alert type; repeatable or comma-separated"), q("status", "actual, exercise, test; repeatable"),
        q("from", "Alerts still in force at or after this time", time), q("to", "Alerts issued before this time", time),
        q("cursor", "next_cursor of the previous page"), q("limit", "1-1000", {"type": "integer", "default": 100})],
      "responses": {"200": ok({"type": "object", "properties": {"alerts": {"type": "array", "items": ref("Alert")}, "next_cursor": {"type": "string", "nullable": True}}}), **problem(422)}}},
  "/api/v1/alerts/{id}": {
    "get": {"summary": "One alert as it stands", "parameters": [path_id], "responses": {"200": ok(ref("Alert")), **problem(404)}},
    "patch": {"summary": "Update an active alert (zones, area, type, text, expiry)", "security": bearer, "parameters": [path_id],
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("AlertUpdate")}}},
      "responses": {"200": ok(ref("AlertResult")), **problem(400, 401, 404, 409, 413, 415, 422)}}},
  "/api/v1/alerts/{id}/cancel": {"post": {"summary": "End an alert (the all-clear)", "security": bearer, "parameters": [path_id],
      "responses": {"200": ok(ref("AlertResult")), **problem(401, 404, 409)}}},
  "/api/v1/events": {"get": {"summary": "The event log after a sequence number", "parameters": [q("after", "Sequence number (default 0)", {"type": "integer"}), q("limit", "1-1000", {"type": "integer", "default": 100})],
      "responses": {"200": ok({"type": "object", "properties": {"events": {"type": "array", "items": ref("Event")}, "last_seq": {"type": "integer"}}}), **problem(422)}}},
  "/api/v1/stream": {"get": {"summary": "Server-Sent Events for zones or a point",
      "description": "First `event: state` (id = the sequence the state is at) with the status of the subscribed zones, then `event: alert` for every event touching them (an alert on a zone, on a zone containing it, or on a zone inside it); `id:` is the event sequence. Send `Last-Event-ID` (or ?last_event_id=) to get exactly the events missed instead of the state; when more than 10,000 were missed or the id is unknown, `event: reset` and the state come instead. Comment heartbeats every 15 s. A subscriber that cannot keep up gets `event: disconnect` with the reason and is closed. Exercise and test alerts (drills) are left out of the state, the replay and the live events unless drills=true; then they come with `\"exercise\": true` and `alert.status` exercise or test.",
      "parameters": [zone_param, lat, lon, q("last_event_id", "Resume after this sequence", {"type": "integer"}), drills_param,
        q("heartbeat", "event: heartbeats as `event: heartbeat` messages (without id) that EventSource can see; default: comments", {"type": "string", "enum": ["comment", "event"]}),
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "integer"}}],
      "responses": {"200": {"description": "text/event-stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}, **problem(400, 422)}}},
  "/api/v1/ws": {"get": {"summary": "WebSocket stream",
      "description": "Client messages (JSON text): {\"op\":\"subscribe\",\"zones\":[...],\"lat\":..,\"lon\":..,\"since\":N,\"drills\":true}, {\"op\":\"unsubscribe\",\"zones\":[...]}, {\"op\":\"ping\"}. Server messages have a `type`: subscribed, state, event (same JSON as the SSE data), reset, unsubscribed, heartbeat, pong, error, disconnect. ?zone=, ?lat=&lon=, ?since= and ?drills= subscribe at connect. Drills (exercise and test alerts) reach only a connection that opted in (drills=true, or \"drills\":true in a subscribe), marked `\"exercise\": true`. RFC 6455 version 13 without extensions or subprotocols; a request that is not such a handshake is refused before the upgrade (400 without Upgrade/Connection/a valid Sec-WebSocket-Key, 426 for another version, 403 from another origin). A client frame or message over 64 KiB closes with 1009; pings get pongs; a dropped subscriber is closed with 4000 and the reason.",
      "parameters": [zone_param, lat, lon, q("since", "Resume after this sequence", {"type": "integer"}), drills_param],
      "responses": {"101": {"description": "Switching to WebSocket"}, **problem(400, 403, 422, 426)}}},
  # issue 5: CAP 1.2
  "/api/v1/cap": {"post": {"summary": "Import a CAP 1.2 (or 1.1) message: Alert raises, Update updates, Cancel cancels (see README, CAP 1.2)",
      "description": "Draft messages are checked and answered (200, draft: true) but never published; System status becomes test. Unsafe XML is a 400, schema errors and broken CAP rules a 422 whose errors name each element path, a missing, broken or untrusted signature a 403.",
      "security": bearer, "requestBody": {"required": True, "content": {"application/cap+xml": {"schema": {"type": "string"}}, "application/xml": {"schema": {"type": "string"}}}},
      "responses": {"201": ok({**ref("AlertResult")}, "Raised"), "200": ok({"type": "object"}, "Updated, cancelled, or a draft's answer"), **problem(400, 401, 403, 409, 413, 415, 422)}}},
  "/api/v1/alerts/{id}.cap": {"get": {"summary": "The alert as a CAP 1.2 message, its earlier events in references", "parameters": [path_id],
      "responses": {"200": ok({"type": "string"}, ctype="application/cap+xml"), **problem(404)}}},
  "/api/v1/cap/feed.atom": {"get": {"summary": "Atom feed of the alerts in force, each linking its CAP message", "parameters": [zone_param],
      "responses": {"200": ok({"type": "string"}, ctype="application/atom+xml"), **problem(422)}}},
}
# issue 10: web — the endpoints the web pages use
paths.update({
  "/api/v1/whoami": {"get": {"summary": "The operator holding the key (the console's login check)", "security": bearer,
      "responses": {"200": ok({"type": "object", "properties": {"name": {"type": "string"}, "key_id": {"type": "string"}}}), **problem(401)}}},
  "/api/v1/zones/resolve": {"post": {"summary": "Preview: the exact target zones an alert with these zones and/or area would get",
      "description": "Parsed by the same code as POST /alerts, so the answer equals the zones the alert will target. Other alert fields, when given, are checked too.",
      "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {
          "zones": {"type": "array", "items": {"type": "string"}}, "area": ref("GeoJsonArea")}}}}},
      "responses": {"200": ok({"type": "object", "properties": {"count": {"type": "integer"}, "zones": {"type": "array", "items": ref("Zone")},
          "hromada_count": {"type": "integer"}, "hromadas": {"type": "array", "items": {"type": "string"}, "description": "Every hromada covered"}}}),
        **problem(400, 413, 415, 422)}}},
  "/api/v1/shelters/near": {"get": {"summary": "The nearest shelters to a point, nearest first (within 50 km)",
      "description": "distance_m is the straight-line (great-circle) distance; walk_seconds = distance_m / 1.2 m/s (an ordinary walking pace), rounded up. The path on foot is longer.",
      "parameters": [{**lat, "required": True}, {**lon, "required": True}, q("limit", "1-20", {"type": "integer", "default": 3})],
      "responses": {"200": ok({"type": "object", "properties": {"shelters": {"type": "array", "items": ref("Shelter")},
          "walking_speed_mps": {"type": "number"}, "source": {"type": "string"}}}), **problem(422)}}},
  "/api/v1/shelters": {"get": {"summary": "Shelters inside a box (for maps)",
      "parameters": [q("bbox", "minLon,minLat,maxLon,maxLat", required=True), q("limit", "1-2000", {"type": "integer", "default": 500})],
      "responses": {"200": ok({"type": "object", "properties": {"shelters": {"type": "array", "items": ref("Shelter")}, "truncated": {"type": "boolean"}}}), **problem(422)}}},
  "/api/v1/web/config": {"get": {"summary": "Settings the web pages need: heartbeat, basemap, shelter source",
      "responses": {"200": ok({"type": "object"})}}},
})
schemas["Shelter"] = {"type": "object", "properties": {"id": {"type": "string"}, "address": {"type": "string"}, "lat": {"type": "number"}, "lon": {"type": "number"},
    "kind": {"type": "string"}, "category": {"type": "string"}, "step_free": {"type": "boolean", "description": "Absent when unknown"},
    "distance_m": {"type": "integer"}, "walk_seconds": {"type": "integer"}}}
# issue 7: mqtt — the siren fleet
schemas["SirenCommand"] = {"type": "object", "description": "The retained command on {prefix}/sirens/{id}/command", "properties": {
    "id": {"type": "string", "description": "What the siren acknowledges on {prefix}/sirens/{id}/ack; shared by every siren one change sends the same command to"},
    "action": {"type": "string", "enum": ["activate", "deactivate"]}, "alert": {"type": "string"},
    "exercise": {"type": "boolean", "description": "Always false: exercise and test alerts never send a command"}, "at": time,
    "seq": {"type": "integer", "description": "The event sequence number of the state this command follows from; a newer command has a larger one"}}}
schemas["Siren"] = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "zone": {"type": "string"},
    "lat": {"type": "number"}, "lon": {"type": "number"},
    "health": {"type": "string", "enum": ["ok", "late", "silent", "failed"], "description":
        "failed: an activation not acknowledged within siren-ack-seconds; silent: last will 'offline' or no heartbeat for siren-silent-seconds; late: the activation was acknowledged after the deadline"},
    "online": {"type": "boolean"}, "last_seen": time, "command": ref("SirenCommand"), "acked_at": time}}
paths["/api/v1/sirens"] = {"get": {"summary": "The siren fleet: health of each siren and the MQTT connection",
    "responses": {"200": ok({"type": "object", "properties": {
        "mqtt": {"type": "object", "properties": {"enabled": {"type": "boolean"}, "connected": {"type": "boolean"}, "broker": {"type": "string"},
            "topic_prefix": {"type": "string"}, "dropped_events": {"type": "integer"}}},
        "ack_seconds": {"type": "integer"}, "silent_seconds": {"type": "integer"},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "sirens": {"type": "array", "items": ref("Siren")}}})}}}
# issue 7: webhooks and Web Push
responses.setdefault("Problem503", {"description": "Temporarily unavailable", "content": {"application/problem+json": {"schema": ref("Problem")}}})
schemas["Webhook"] = {"type": "object", "properties": {"id": {"type": "string"}, "url": {"type": "string"},
    "zones": {"type": "array", "items": {"type": "string"}}, "drills": {"type": "boolean", "description": "Also exercise and test alerts"},
    "enabled": {"type": "boolean"}, "failures": {"type": "integer", "description": "Events in a row that failed every retry"},
    "disabled_reason": {"type": "string"}, "created_at": time, "created_by": {"type": "string"},
    "secret": {"type": "string", "description": "Only in the answer to POST: the HMAC-SHA256 key of Tryvoha-Signature (see README, Webhooks)"}}}
schemas["WebhookDelivery"] = {"type": "object", "properties": {"hook_id": {"type": "string"}, "seq": {"type": "integer"},
    "attempt": {"type": "integer", "description": "0 for dropped events"}, "at": time,
    "status": {"type": "integer", "nullable": True, "description": "HTTP status; absent when there was no answer"},
    "outcome": {"type": "string", "enum": ["delivered", "retrying", "failed", "dropped"]},
    "result": {"type": "string", "enum": ["2xx", "3xx", "4xx", "5xx", "timeout", "refused", "unreachable", "dns", "tls", "closed", "blocked", "failed"],
        "description": "The answer's status class, or the kind of failure when there was none (blocked: the address is not allowed); absent for dropped events"},
    "error": {"type": "string", "description": "Starts with the result class; the server's own words, never the network stack's message"}, "millis": {"type": "integer"}}}
hook_body = {"type": "object", "required": ["url", "zones"], "properties": {"url": {"type": "string", "description": "http:// or https://, at most 2000 characters; its host must not be or resolve to a loopback, private, link-local or metadata address (see docs/security.md, Outbound requests)"},
    "zones": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 100, "description": "Within the caller's scope (403 otherwise)"},
    "drills": {"type": "boolean", "default": False}}}
push_body = {"type": "object", "required": ["endpoint", "keys", "zones"], "description": "The browser's PushSubscription.toJSON() plus zones and drills",
    "properties": {"endpoint": {"type": "string", "description": "The push service URL: https, not a loopback, private, link-local or metadata address"},
        "keys": {"type": "object", "properties": {"p256dh": {"type": "string", "description": "base64url, 65 bytes (uncompressed P-256 point)"},
            "auth": {"type": "string", "description": "base64url, 16 bytes"}}},
        "zones": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 100}, "drills": {"type": "boolean", "default": False}}}
paths.update({
  "/api/v1/webhooks": {
    "post": {"summary": "Register a webhook: a signed POST per event reaching its zones (see README, Webhooks)", "security": bearer,
      "requestBody": {"required": True, "content": {"application/json": {"schema": hook_body}}},
      "responses": {"201": ok(ref("Webhook"), "Registered; the secret is shown only now"), **problem(400, 401, 403, 415, 422)}},
    "get": {"summary": "Registered webhooks (never their secrets)", "security": bearer,
      "responses": {"200": ok({"type": "object", "properties": {"webhooks": {"type": "array", "items": ref("Webhook")}}}), **problem(401)}}},
  "/api/v1/webhooks/{id}": {
    "get": {"summary": "One webhook", "security": bearer, "parameters": [path_id], "responses": {"200": ok(ref("Webhook")), **problem(401, 404)}},
    "delete": {"summary": "Remove a webhook and its delivery log (its creator or an admin)", "security": bearer, "parameters": [path_id],
      "responses": {"204": {"description": "Removed"}, **problem(401, 403, 404)}}},
  "/api/v1/webhooks/{id}/enable": {"post": {"summary": "Enable a webhook again (after it was disabled for failing); failures reset (its creator or an admin)",
      "security": bearer, "parameters": [path_id], "responses": {"200": ok(ref("Webhook")), **problem(401, 403, 404)}}},
  "/api/v1/webhooks/{id}/deliveries": {"get": {"summary": "The webhook's delivery log, newest first", "security": bearer,
      "parameters": [path_id, q("limit", "1-1000", {"type": "integer", "default": 50})],
      "responses": {"200": ok({"type": "object", "properties": {"webhook": {"type": "string"},
          "deliveries": {"type": "array", "items": ref("WebhookDelivery")}}}), **problem(401, 404, 422)}}},
  "/api/v1/push/key": {"get": {"summary": "The VAPID public key (applicationServerKey) and push counters",
      "responses": {"200": ok({"type": "object", "properties": {"public_key": {"type": "string", "description": "base64url uncompressed P-256 point"},
          "status": {"type": "object", "properties": {k: {"type": "integer"} for k in ["subscriptions", "sent", "failed", "removed", "dropped", "retries", "shares", "shares_retaken"]}}}})}}},
  "/api/v1/push/subscriptions": {
    "post": {"summary": "Subscribe a browser to push for its zones (the same endpoint again replaces it); push-subscribe-per-minute per client address, 429 beyond",
      "requestBody": {"required": True, "content": {"application/json": {"schema": push_body}}},
      "responses": {"201": ok({"type": "object", "properties": {"endpoint": {"type": "string"}, "zones": {"type": "array", "items": {"type": "string"}},
          "drills": {"type": "boolean"}}}, "Subscribed"), **problem(400, 415, 422, 503)}},
    "delete": {"summary": "Unsubscribe a browser", "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object",
          "required": ["endpoint"], "properties": {"endpoint": {"type": "string"}}}}}},
      "responses": {"204": {"description": "Removed"}, **problem(400, 404, 415)}}},
})
# issue 9: threat tracks
report_schema = {"type": "object", "required": ["track_id", "class", "time"], "properties": {
    "track_id": {"type": "string", "description": "1-64 letters, digits or . _ : @ -"},
    "class": {"type": "string", "enum": ["ballistic", "cruise_missile", "drone", "guided_bomb", "aircraft", "unknown"]},
    "time": {"type": "string", "format": "date-time"}, "lat": {"type": "number"}, "lon": {"type": "number"},
    "velocity": {"type": "object", "properties": {"east": {"type": "number"}, "north": {"type": "number"}, "up": {"type": "number"}}, "description": "m/s; or give heading + speed"},
    "heading": {"type": "number", "description": "degrees from north"}, "speed": {"type": "number", "description": "m/s"},
    "vertical_speed": {"type": "number", "description": "m/s, with heading + speed"},
    "altitude": {"type": "number", "description": "metres above ground, when known"},
    "uncertainty_m": {"type": "number", "description": "position uncertainty; default 1000"},
    "end": {"type": "string", "enum": ["destroyed", "lost", "landed"], "description": "ends the track; position and velocity optional"}}}
paths.update({
  "/api/v1/tracks": {
    "post": {"summary": "Feed a batch of track reports (see README, Threat tracks)",
      "description": "One bad report refuses the batch with a 422 naming each field as reports[i].field. Stale (older than track-max-age-seconds), future, out-of-order, duplicate and after-end reports are counted and skipped. At most track-batch-max reports (413). The alert changes the batch calls for are committed together, in one transaction; when that commit fails the answer is a 503: the reports are kept, nothing of the changes is committed, the engine retries every second, and sending the batch again is safe. The same JSON can be published on the NATS subject track-nats-subject (header 'Authorization: Bearer <operator key>'; a request with a reply subject gets this answer or the problem document).",
      "security": bearer, "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["reports"],
          "properties": {"reports": {"type": "array", "items": report_schema}}}}}},
      "responses": {"200": ok({"type": "object", "properties": {k: {"type": "integer"} for k in ["accepted", "stale", "future", "out_of_order", "duplicate", "after_end"]}}),
        **problem(400, 401, 413, 415, 422, 503),
        "429": {"description": "256 batches already wait for the track engine; send this one again", "content": {"application/problem+json": {"schema": ref("Problem")}}}}},
    "get": {"summary": "Live threat areas as a GeoJSON FeatureCollection (Polygon per track; null geometry once ended)",
      "description": "Properties: track_id, class, alert_type, time, lat, lon, speed, heading, alert_id, warned_zones, pending_zones, end, early_alert_id and early_zones (the track's early_warning pre-alert and its oblasts, when track-early-warning is on).",
      "security": bearer, "responses": {"200": ok({"type": "object"}, ctype="application/json"), **problem(401)}}},
  "/api/v1/tracks/stats": {"get": {"summary": "Counters of the track feed and the engine", "security": bearer,
      "responses": {"200": ok({"type": "object", "additionalProperties": {"type": "integer"}}), **problem(401)}}},
  "/api/v1/tracks/proposals": {"get": {"summary": "Warnings waiting for an operator's confirmation (track-mode confirm)", "security": bearer,
      "responses": {"200": ok({"type": "object", "properties": {"proposals": {"type": "array", "items": {"type": "object"}}}}), **problem(401)}}},
  "/api/v1/tracks/{id}/confirm": {"post": {"summary": "Confirm a track's proposal with one click: its pending zones, and later ones, go out",
      "security": bearer, "parameters": [path_id],
      "responses": {"200": ok({"type": "object"}), **problem(401, 404, 503)}}},
})
# issue 4: operators, roles, the two-person rule, the audit log
schemas["Operator"] = {"type": "object", "properties": {"id": {"type": "string", "description": "Public id, also inside the key tvo_<id>_<secret>"},
    "key_id": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string", "enum": ["viewer", "operator", "approver", "admin"]},
    "zones": {"type": "array", "items": {"type": "string"}, "description": "Zone ids (each covers the zones inside it), or [\"*\"]"},
    "types": {"type": "array", "items": {"type": "string"}, "description": "Alert types, or [\"*\"]"},
    "created_at": time, "created_by": {"type": "string"}, "revoked_at": {**time, "nullable": True}}}
schemas["OperatorCreate"] = {"type": "object", "required": ["name", "role"], "properties": {"name": {"type": "string"},
    "role": {"type": "string", "enum": ["viewer", "operator", "approver", "admin"]},
    "zones": {"description": "Array of zone ids or \"*\" (default)", "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
    "types": {"description": "Array of alert types or \"*\" (default)", "oneOf": [{"type": "array", "items": {"type": "string", "enum": types}}, {"type": "string"}]}}}
schemas["Held"] = {"type": "object", "description": "A raise or update held by the two-person rule", "properties": {
    "id": {"type": "string"}, "action": {"type": "string", "enum": ["raise", "update"]}, "alert_id": {"type": "string"},
    "type": {"type": "string", "enum": types}, "zones": {"type": "array", "items": {"type": "string"}}, "reason": {"type": "string"},
    "requested_by": {"type": "string"}, "requested_by_id": {"type": "string"}, "requested_at": time, "timeout_at": time,
    "state": {"type": "string", "enum": ["pending", "approved", "rejected", "expired", "failed"]},
    "decided_by": {"type": "string", "nullable": True}, "decided_at": {**time, "nullable": True}, "note": {"type": "string", "nullable": True}}}
schemas["AuditEntry"] = {"type": "object", "description": "hash = hex SHA-256 of prev_hash + \"\\n\" + the compact JSON array [seq, at, actor, actor_id, role, action, target, status, detail] (README: Operators, roles and approvals)",
    "properties": {"seq": {"type": "integer"}, "at": time, "actor": {"type": "string"}, "actor_id": {"type": "string"}, "role": {"type": "string"},
    "action": {"type": "string", "example": "alert.raise"}, "target": {"type": "string"}, "status": {"type": "integer", "description": "HTTP status of the answer"},
    "detail": {"type": "string", "description": "A JSON object as text"}, "prev_hash": {"type": "string"}, "hash": {"type": "string"}}}
held_answer = ok({"type": "object", "properties": {"pending": ref("Held"), "detail": {"type": "string"}}},
    "Held for approval by a second person (two-person rule); Location: /api/v1/approvals/{id}")
paths["/api/v1/alerts"]["post"]["responses"].update({"202": held_answer, **problem(403)})
paths["/api/v1/alerts/{id}"]["patch"]["responses"].update({"202": held_answer, **problem(403)})
paths["/api/v1/alerts/{id}/cancel"]["post"]["responses"].update(problem(403))
paths["/api/v1/alerts/{id}/cancel"]["post"]["description"] = "Never held by the two-person rule: any operator whose scope covers the alert ends it at once."
paths["/api/v1/whoami"] = {"get": {"summary": "The operator holding the key: name, role and scope (the console's login check)", "security": bearer,
    "responses": {"200": ok(ref("Operator")), **problem(401)}}}
held_one = ok({"type": "object", "properties": {"pending": ref("Held")}})
paths.update({
  "/api/v1/operators": {
    "post": {"summary": "Create an operator (admin); the answer holds its key, shown only this once", "security": bearer,
      "requestBody": {"required": True, "content": {"application/json": {"schema": ref("OperatorCreate")}}},
      "responses": {"201": ok({"allOf": [ref("Operator"), {"type": "object", "properties": {"key": {"type": "string"}}}]}), **problem(400, 401, 403, 409, 415, 422)}},
    "get": {"summary": "List operators (admin); never their keys", "security": bearer,
      "responses": {"200": ok({"type": "object", "properties": {"operators": {"type": "array", "items": ref("Operator")}}}), **problem(401, 403)}}},
  "/api/v1/operators/{id}": {"patch": {"summary": "Change an operator's role and/or scope (admin); in force at once. id or name", "security": bearer,
      "parameters": [path_id], "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {
          "role": {"type": "string"}, "zones": {"type": "array", "items": {"type": "string"}}, "types": {"type": "array", "items": {"type": "string"}}}}}}},
      "responses": {"200": ok(ref("Operator")), **problem(401, 403, 404, 409, 422)}}},
  "/api/v1/operators/{id}/revoke": {"post": {"summary": "Revoke an operator (admin); its key stops working at once", "security": bearer,
      "parameters": [path_id], "responses": {"200": ok(ref("Operator")), **problem(401, 403, 404, 409)}}},
  "/api/v1/approvals": {"get": {"summary": "Alerts held by the two-person rule, newest first (any valid key)", "security": bearer,
      "parameters": [q("state", "pending (default), approved, rejected, expired, failed or all")],
      "responses": {"200": ok({"type": "object", "properties": {"approvals": {"type": "array", "items": ref("Held")}}}), **problem(401, 422)}}},
  "/api/v1/approvals/{id}": {"get": {"summary": "One held alert", "security": bearer, "parameters": [path_id], "responses": {"200": held_one, **problem(401, 404)}}},
  "/api/v1/approvals/{id}/approve": {"post": {"summary": "Approve: the alert goes out at once (approver or admin whose scope covers it; never its sender)",
      "security": bearer, "parameters": [path_id],
      "responses": {"200": ok({"type": "object", "properties": {"pending": ref("Held"), "event": {"type": "object"}}}), **problem(401, 403, 404, 409, 422)}}},
  "/api/v1/approvals/{id}/reject": {"post": {"summary": "Reject (approver or admin in scope; the sender may reject to withdraw)", "security": bearer,
      "parameters": [path_id], "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {"reason": {"type": "string"}}}}}},
      "responses": {"200": held_one, **problem(401, 403, 404, 409)}}},
  "/api/v1/audit": {"get": {"summary": "The audit log, oldest first (admin)", "security": bearer,
      "parameters": [q("after", "Entries after this seq (default 0)", {"type": "integer"}), q("limit", "1-1000", {"type": "integer", "default": 100})],
      "responses": {"200": ok({"type": "object", "properties": {"entries": {"type": "array", "items": ref("AuditEntry")}, "next_after": {"type": "integer", "nullable": True}}}), **problem(401, 403, 422)}}},
  "/api/v1/audit/verify": {"get": {"summary": "Check the audit log's hash chain (admin)", "security": bearer,
      "responses": {"200": ok({"type": "object", "properties": {"ok": {"type": "boolean"}, "entries": {"type": "integer"},
          "first_bad_seq": {"type": "integer"}, "problem": {"type": "string"}}}), **problem(401, 403)}}},
})
# issue 8: statistics over the imported history and the live log
stats_zone = q("zone", "Zone id (KATOTTG code); its own alerts and its ancestors' count", required=True)
stats_range = [q("from", "Range start: a date (midnight Kyiv time) or an ISO-8601 time with offset; default 2022-02-24 00:00 Kyiv"),
  q("to", "Range end (exclusive): a date or an ISO-8601 time; default and at most now")]
stats_format = q("format", "json (default) or csv; or send Accept: text/csv", {"type": "string", "enum": ["json", "csv"]})
csv_too = lambda schema: {"description": "OK", "content": {"application/json": {"schema": schema}, "text/csv": {"schema": {"type": "string"}}}}
schemas["StatsSummary"] = {"type": "object", "description": "Overlapping alerts count once: an alert is a period the zone is continuously under alert. "
    "alerts, median and longest use whole periods overlapping the range; total_seconds and share only the time inside it.", "properties": {
    "zone": {"type": "string"}, "name_uk": {"type": "string"}, "name_en": {"type": "string"}, "from": time, "to": time,
    "alerts": {"type": "integer"}, "total_seconds": {"type": "integer"}, "median_seconds": {"type": "integer"},
    "longest": {"type": "object", "properties": {"start": time, "end": {**time, "description": "absent while in force"}, "seconds": {"type": "integer"}}},
    "share": {"type": "number", "description": "share of the range under alert, 0..1"},
    "imported_records": {"type": "integer", "description": "imported history records in the index"}}}
schemas["StatsSeries"] = {"type": "object", "properties": {"zone": {"type": "string"}, "by": {"type": "string"}, "time_zone": {"type": "string", "example": "Europe/Kyiv"},
    "buckets": {"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string", "description": "day 2024-03-31, week (its Monday) 2024-03-25, month 2024-03, hour 00..23, weekday 1 (Mon)..7, hour_weekday 1-00..7-23"},
        "seconds": {"type": "integer", "description": "seconds under alert in the bucket"},
        "alerts": {"type": "integer", "description": "alert periods starting in the bucket"}}}}}}
schemas["StatsRanking"] = {"type": "object", "properties": {"level": {"type": "string"}, "zones": {"type": "array", "items": {"type": "object", "properties": {
    "rank": {"type": "integer"}, "zone": {"type": "string"}, "name_uk": {"type": "string"}, "name_en": {"type": "string"}, "level": {"type": "string"},
    "seconds": {"type": "integer"}, "share": {"type": "number"}, "alerts": {"type": "integer"}}}}}}
paths.update({
  "/api/v1/stats/summary": {"get": {"summary": "Alerts, time under alert, median and longest alert of a zone in a range (imported history + live log; drills excluded)",
      "parameters": [stats_zone, *stats_range, stats_format], "responses": {"200": csv_too(ref("StatsSummary")), **problem(400)}}},
  "/api/v1/stats/series": {"get": {"summary": "Time under alert of a zone per day, week, month, hour of day, weekday or hour × weekday (Europe/Kyiv local time)",
      "parameters": [stats_zone, *stats_range, q("by", "Bucket", {"type": "string", "enum": ["day", "week", "month", "hour", "weekday", "hour_weekday"]}, required=True),
        stats_format], "responses": {"200": csv_too(ref("StatsSeries")), **problem(400)}}},
  "/api/v1/stats/ranking": {"get": {"summary": "Zones of a level ranked by time under alert in a range (the data of the choropleth)",
      "parameters": [q("level", "oblast (default), raion or hromada", {"type": "string", "enum": ["oblast", "raion", "hromada"]}), *stats_range,
        q("limit", "At most this many zones (default all)", {"type": "integer", "minimum": 1}), stats_format],
      "responses": {"200": csv_too(ref("StatsRanking")), **problem(400)}}},
})
# ---- issue 4: signed events, abuse limits (429 with Retry-After on every endpoint but health/ready/metrics)
responses["Problem429"] = {"description": "Too many requests or connection attempts from this address; wait Retry-After seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds until a request will be accepted"}},
    "content": {"application/problem+json": {"schema": ref("Problem")}}}
schemas["EventSignature"] = {"type": "object", "description": "Ed25519 signature of the event (README: Signed alerts). Signed bytes: UTF-8 of \"tryvoha-event-v1\\n\" + the event without `signature` as RFC 8785 canonical JSON",
    "properties": {"alg": {"type": "string", "enum": ["Ed25519"]}, "key_id": {"type": "string", "example": "ed25519-3f9a0c1b2d4e5f60"},
      "value": {"type": "string", "description": "64-byte signature, base64url without padding"}}}
schemas["Event"]["properties"]["signature"] = ref("EventSignature")
schemas["SigningKeys"] = {"type": "object", "properties": {"keys": {"type": "array", "items": {"type": "object", "properties": {
    "key_id": {"type": "string"}, "alg": {"type": "string", "enum": ["Ed25519"]},
    "public_key": {"type": "string", "description": "raw 32-byte Ed25519 public key, base64url"},
    "jwk": {"type": "object", "description": "the same key as a JWK (kty OKP, crv Ed25519)"},
    "created_at": time, "retired_at": time, "current": {"type": "boolean", "description": "signs new events"}}}},
    "canonical_form": {"type": "string"}}}
paths["/.well-known/tryvoha-keys.json"] = {"get": {"summary": "The public keys that sign events, current and retired (rotation keeps old signatures verifiable)",
    "responses": {"200": ok(ref("SigningKeys"))}}}
for path, item in paths.items():
    if path in ("/api/v1/health", "/api/v1/ready", "/metrics"): continue
    for op in item.values():
        if isinstance(op, dict) and "responses" in op: op["responses"].setdefault("429", {"$ref": "#/components/responses/Problem429"})
paths["/api/v1/alerts/{id}.cap"]["get"]["description"] = ("Each <info> carries <parameter><valueName>tryvoha:signed-event</valueName>: the signed JSON of the event the message is made from; "
    "`./tryvoha verify alert.cap` checks it and that the CAP identifier names that event.")

doc = {"openapi": "3.0.3",
  "info": {"title": "Tryvoha API", "version": "1", "description": "Open public warning platform for air threats. Times are UTC ISO-8601. Errors are RFC 9457 problem details."},
  "servers": [{"url": "/"}], "paths": paths,
  "components": {"schemas": schemas, "responses": responses,
    "securitySchemes": {"operatorKey": {"type": "http", "scheme": "bearer", "description": "Operator key: tvo_... (./tryvoha operators create) or tvk_... (./tryvoha keys create, admin)"}}}}
out = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/api/openapi.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print("wrote", out)
