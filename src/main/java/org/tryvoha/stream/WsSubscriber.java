package org.tryvoha.stream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.event.Frames;

/**
 * A WebSocket connection ({@link RawWebSocket}): every message is a JSON text frame with a
 * {@code type}, written straight to the channel ({@link DirectWriter}).
 */
final class WsSubscriber extends Subscriber {
    private final RawWebSocket ws;
    private final DirectWriter out;
    // the client's message rate: a token bucket of its own (two fields, not a RateLimiter and its map per socket)
    private double tokens = -1;
    private long refilled;

    WsSubscriber(Shard shard, RawWebSocket ws, DirectWriter out) {
        super(shard, "ws");
        this.ws = ws;
        this.out = out;
    }

    @Override
    protected void writeEvent(EncodedEvent e) {
        out.write(e.wsFrame());
    }

    @Override
    protected void flush() {
        out.flush();
    }

    @Override
    protected void writeControl(String type, long seq, String json) {
        send(json);
    }

    /** One JSON text message of this connection's own (replies, errors, state). */
    void send(String json) {
        out.write(Frames.wsText(json.getBytes(StandardCharsets.UTF_8)));
        out.flush();
    }

    /**
     * Takes a token for one client message at {@code perSecond} (burst: five times it): 0 when allowed,
     * else the whole seconds until the next one is.
     */
    long takeMessageToken(int perSecond, long now) {
        double perNano = perSecond / 1e9;
        int burst = Math.max(1, 5 * perSecond);
        tokens = tokens < 0 ? burst : Math.min(burst, tokens + (now - refilled) * perNano);
        refilled = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }

    @Override
    protected void writeHeartbeat(Heartbeat beat) {
        out.write(beat.wsFrame());
        out.flush();
    }

    @Override
    protected boolean writeQueueFull() {
        return out.full();
    }

    @Override
    protected void end(String reason) {
        send(EncodedEvent.toJson(Map.of("type", "disconnect", "reason", reason)));
        String shortReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
        ws.close(4000, shortReason);
    }
}
