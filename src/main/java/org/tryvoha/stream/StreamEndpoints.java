package org.tryvoha.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ZoneTree;

/** {@code GET /api/v1/stream} (Server-Sent Events) and {@code /api/v1/ws} (WebSocket) of one event loop. */
public final class StreamEndpoints {
    private final Fanout fanout;
    private final Shard shard;
    private final ZoneTree tree;
    private final int queueBytes;
    private int maxZones = Anchors.MAX_PER_CONNECTION; // max-zones-per-connection
    private int wsMessagesPerSecond; // 0 = no limit

    public StreamEndpoints(Fanout fanout, Shard shard, ZoneTree tree, int queueBytes) {
        this.fanout = fanout;
        this.shard = shard;
        this.tree = tree;
        this.queueBytes = queueBytes;
    }

    /** The zone cap per connection and the WebSocket client message rate (0 = none). */
    public StreamEndpoints limits(int maxZones, int wsMessagesPerSecond) {
        this.maxZones = maxZones;
        this.wsMessagesPerSecond = wsMessagesPerSecond;
        return this;
    }

    /**
     * The Server-Sent Events stream: the request is checked (a 400 or 422 problem names what is wrong),
     * then over HTTP/1.1 answered on the bare Netty channel, which Vert.x leaves (see {@link RawSse});
     * over HTTP/2 the stream stays on Vert.x's response.
     */
    public void sse(RoutingContext ctx) {
        List<String> anchors = Anchors.resolve(
                ctx.queryParam("zone"),
                ctx.request().getParam("lat"),
                ctx.request().getParam("lon"),
                tree,
                true,
                maxZones);
        String lastId = ctx.request().getHeader("Last-Event-ID");
        if (lastId == null) lastId = ctx.request().getParam("last_event_id");
        long resume = lastId == null || lastId.isBlank() ? -1 : seq(lastId, "Last-Event-ID");
        boolean drills = Drills.param(ctx.request().getParam("drills"), "drills");
        boolean heartbeatEvents = "event".equals(ctx.request().getParam("heartbeat"));
        HttpServerResponse resp = ctx.response();
        resp.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no");
        String preamble = ": tryvoha stream for " + String.join(",", anchors) + "\nretry: 2000\n\n";
        if (RawSse.fits(ctx.request())) {
            RawSse.open(ctx.request(), resp.headers(), preamble, sse -> {
                SseSubscriber sub = new SseSubscriber(shard, sse, sse.writer(queueBytes), heartbeatEvents);
                sub.drills = drills;
                if (sse.bind(sub)) fanout.attach(sub, anchors, resume, true);
            });
            return;
        }
        resp.setWriteQueueMaxSize(queueBytes);
        resp.write(preamble);
        SseSubscriber sub = new SseSubscriber(shard, resp, ctx.request().connection(), heartbeatEvents);
        sub.drills = drills;
        resp.closeHandler(v -> sub.gone());
        fanout.attach(sub, anchors, resume, true);
    }

    /**
     * The WebSocket handshake, checked ({@link RawWebSocket#check}: a 400 or 426 problem names what is
     * wrong) and answered on the bare Netty channel, which Vert.x then leaves (see {@link RawWebSocket}).
     */
    public void websocket(RoutingContext ctx) {
        List<String> initial = Anchors.resolve(
                ctx.queryParam("zone"),
                ctx.request().getParam("lat"),
                ctx.request().getParam("lon"),
                tree,
                false,
                maxZones);
        String since = ctx.request().getParam("since");
        long resume = since == null ? -1 : seq(since, "since");
        boolean drills = Drills.param(ctx.request().getParam("drills"), "drills");
        String key = RawWebSocket.check(ctx.request());
        RawWebSocket.upgrade(ctx.request(), key, ctx.response().headers(), ws -> {
            WsSubscriber sub = new WsSubscriber(shard, ws, ws.writer(queueBytes));
            sub.drills = drills;
            int rate = wsMessagesPerSecond;
            boolean open = ws.bind(
                    sub,
                    text -> {
                        long wait = rate == 0 ? 0 : sub.takeMessageToken(rate, System.nanoTime());
                        if (wait > 0)
                            error(
                                    sub,
                                    "too many messages: at most " + rate
                                            + " a second (ws-messages-per-second); this one was dropped, retry after "
                                            + wait + " s");
                        else onMessage(sub, text);
                    },
                    () -> error(sub, "binary messages are not understood; send JSON text"));
            if (!open) return;
            fanout.joined(sub);
            shard.index(sub, List.of()); // heartbeats flow before the first subscribe too
            if (!initial.isEmpty()) subscribe(sub, initial, resume);
        });
    }

    /**
     * A client's WebSocket message, read and checked: {@code subscribe} with its resolved zones,
     * resume point and drills choice (null: unchanged), {@code unsubscribe} with the zone ids, or
     * {@code ping}.
     */
    public record ClientMessage(String op, List<String> zones, long since, Boolean drills) {}

    /** Reads a client message; anything wrong is a {@link ProblemException} (a 400 or 422 kind of refusal), never another exception. */
    public static ClientMessage read(String text, ZoneTree tree, int maxZones) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "not JSON: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (m == null || !m.isObject())
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "send a JSON object with an \"op\"");
        String op = m.path("op").asText("");
        return switch (op) {
            case "subscribe" -> {
                JsonNode drills = m.get("drills");
                if (drills != null && !drills.isNull() && !drills.isBoolean()) {
                    throw new ProblemException(
                            ErrorCode.MALFORMED_REQUEST, "drills must be true or false, got " + drills);
                }
                List<String> add = Anchors.resolve(
                        texts(m.get("zones")), text(m.get("lat")), text(m.get("lon")), tree, true, maxZones);
                JsonNode since = m.get("since");
                yield new ClientMessage(
                        op,
                        add,
                        since == null || since.isNull() ? -1 : seq(since.asText(), "since"),
                        drills == null || drills.isNull() ? null : drills.asBoolean());
            }
            case "unsubscribe" -> new ClientMessage(op, texts(m.get("zones")), -1, null);
            case "ping" -> new ClientMessage(op, List.of(), -1, null);
            default ->
                throw new ProblemException(
                        ErrorCode.MALFORMED_REQUEST, "unknown op '" + op + "'; use subscribe, unsubscribe or ping");
        };
    }

    private void onMessage(WsSubscriber sub, String text) {
        if (sub.closed()) return;
        ClientMessage c;
        try {
            c = read(text, tree, maxZones);
        } catch (ProblemException e) {
            error(sub, e.getMessage(), e.errors);
            return;
        }
        switch (c.op()) {
            case "subscribe" -> {
                if (sub.isCatchingUp()) {
                    error(sub, "the previous subscribe is still catching up; wait for its state or events");
                    return;
                }
                Set<String> all = new LinkedHashSet<>(sub.anchors());
                all.addAll(c.zones());
                if (all.size() > maxZones) {
                    error(sub, "at most " + maxZones + " zones per connection (max-zones-per-connection)");
                    return;
                }
                if (c.drills() != null) sub.drills = c.drills();
                subscribe(sub, new ArrayList<>(all), c.since());
            }
            case "unsubscribe" -> {
                List<String> keep = new ArrayList<>(sub.anchors());
                keep.removeAll(c.zones());
                shard.index(sub, keep);
                sub.send(EncodedEvent.toJson(Map.of("type", "unsubscribed", "zones", keep)));
            }
            default -> sub.send("{\"type\":\"pong\"}");
        }
    }

    private void subscribe(WsSubscriber sub, List<String> anchors, long resume) {
        sub.send(EncodedEvent.toJson(Map.of("type", "subscribed", "zones", anchors, "drills", sub.drills)));
        fanout.attach(sub, anchors, resume, false);
    }

    private static void error(WsSubscriber sub, String message) {
        error(sub, message, List.of());
    }

    private static void error(WsSubscriber sub, String message, List<ProblemException.FieldError> errors) {
        sub.send(EncodedEvent.toJson(Map.of("type", "error", "message", message, "errors", errors)));
    }

    private static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray())
            throw ProblemException.invalid(
                    List.of(new ProblemException.FieldError("zones", "must be an array of zone ids")));
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static long seq(String s, String name) {
        try {
            long v = Long.parseLong(s.strip());
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new ProblemException(
                ErrorCode.MALFORMED_REQUEST, name + " must be an event sequence number (0 or more), got '" + s + "'");
    }
}
