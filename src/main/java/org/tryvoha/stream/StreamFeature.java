package org.tryvoha.stream;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import org.tryvoha.error.ProblemException;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.http.Http;
import org.tryvoha.zone.ZoneTree;

/**
 * Live delivery to browsers and apps: {@code GET /api/v1/stream} (SSE), {@code GET /api/v1/ws}
 * (WebSocket) and {@code GET /api/v1/latency}. Each event loop gets its own fan-out shard, made
 * on that loop when the routes are mounted.
 */
public final class StreamFeature implements Feature {
    private final Fanout fanout;
    private final ZoneTree tree;
    private final long heartbeatMillis;
    private final int queueBytes;
    private final int maxZones;
    private final int wsMessagesPerSecond;

    /**
     * @param queueBytes unsent bytes before a slow subscriber is dropped
     * @param maxZones zones one connection may follow
     * @param wsMessagesPerSecond messages a WebSocket client may send per second
     */
    public StreamFeature(
            Fanout fanout, ZoneTree tree, int heartbeatSeconds, int queueBytes, int maxZones, int wsMessagesPerSecond) {
        this.fanout = fanout;
        this.tree = tree;
        this.heartbeatMillis = heartbeatSeconds * 1000L;
        this.queueBytes = queueBytes;
        this.maxZones = maxZones;
        this.wsMessagesPerSecond = wsMessagesPerSecond;
    }

    @Override
    public void mount(Routes routes) {
        Shard shard = fanout.newShard(Vertx.currentContext(), heartbeatMillis);
        StreamEndpoints streams =
                new StreamEndpoints(fanout, shard, tree, queueBytes).limits(maxZones, wsMessagesPerSecond);
        Router r = routes.router();
        r.get("/api/v1/latency").handler(ctx -> {
            List<ProblemException.FieldError> errs = new ArrayList<>();
            long afterSeq = Http.longParam(ctx, "after_seq", 0, errs);
            Http.check(errs);
            Http.json(ctx, 200, LatencyEndpoint.body(fanout, afterSeq));
        });
        r.get("/api/v1/stream").handler(streams::sse);
        r.get("/api/v1/ws").handler(streams::websocket);
    }
}
