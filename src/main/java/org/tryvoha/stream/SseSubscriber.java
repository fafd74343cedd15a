package org.tryvoha.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Map;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.event.Frames;

/**
 * A Server-Sent Events connection: events carry {@code id:} = sequence, heartbeats are comments. Over
 * HTTP/1.1 the stream is on the bare channel ({@link RawSse}) and every message is an HTTP chunk
 * written straight to it ({@link DirectWriter}); over HTTP/2 (and HTTP/1.0) {@code out == null} and
 * the messages go through Vert.x's response.
 */
final class SseSubscriber extends Subscriber {
    private final RawSse raw;
    private final DirectWriter out;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final boolean heartbeatEvents;

    /** On the bare channel; @param heartbeatEvents heartbeats as {@code event: heartbeat} (visible to EventSource) instead of comments */
    SseSubscriber(Shard shard, RawSse raw, DirectWriter out, boolean heartbeatEvents) {
        this(shard, raw, out, null, null, heartbeatEvents);
    }

    /** Through Vert.x's response (HTTP/2, HTTP/1.0). */
    SseSubscriber(Shard shard, HttpServerResponse response, HttpConnection connection, boolean heartbeatEvents) {
        this(shard, null, null, response, connection, heartbeatEvents);
    }

    private SseSubscriber(
            Shard shard,
            RawSse raw,
            DirectWriter out,
            HttpServerResponse response,
            HttpConnection connection,
            boolean heartbeatEvents) {
        super(shard, "sse");
        this.raw = raw;
        this.out = out;
        this.response = response;
        this.connection = connection;
        this.heartbeatEvents = heartbeatEvents;
    }

    @Override
    protected void writeEvent(EncodedEvent e) {
        if (out != null) out.write(e.sseChunk());
        else response.write(BufferInternal.buffer(Frames.chunkBody(e.sseChunk())));
    }

    @Override
    protected void flush() {
        if (out != null) out.flush();
    }

    @Override
    protected void writeControl(String type, long seq, String json) {
        send(Frames.sse(seq, type, json));
    }

    private void send(byte[] sseFrame) {
        if (out == null) {
            response.write(Buffer.buffer(sseFrame));
            return;
        }
        out.write(Frames.sseChunk(sseFrame));
        out.flush();
    }

    @Override
    protected void writeHeartbeat(Heartbeat beat) {
        if (out == null) {
            response.write(Buffer.buffer(beat.sse(heartbeatEvents)));
            return;
        }
        out.write(beat.sseChunk(heartbeatEvents));
        out.flush();
    }

    @Override
    protected boolean writeQueueFull() {
        return out != null ? out.full() : response.writeQueueFull();
    }

    @Override
    protected void end(String reason) {
        writeControl("disconnect", -1, EncodedEvent.toJson(Map.of("type", "disconnect", "reason", reason)));
        if (raw != null) {
            raw.end(); // the last chunk, then the socket closes (the client resumes with its Last-Event-ID)
            return;
        }
        response.end();
        // ending the response leaves a keep-alive connection open, with its unsent bytes, for a client
        // that never reads: close the socket itself (the client resumes with its Last-Event-ID)
        connection.close();
    }
}
