package org.tryvoha.stream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.event.Frames;

/**
 * One heartbeat tick of a shard, framed once per wire form and shared by all its subscribers (as an
 * event is): a tick used to serialise the same JSON once per connection, 1,000 times every interval
 * on each loop. Each form is made on first use, on the shard's loop only.
 */
final class Heartbeat {
    final long seq;
    final Instant time;
    private ByteBuf wsFrame, sseComment, sseEvent;
    private byte[] sseCommentBytes, sseEventBytes;

    Heartbeat(long seq, Instant time) {
        this.seq = seq;
        this.time = time;
    }

    /** {@code {"type":"heartbeat","seq":N,"time":"..."}} */
    String json() {
        return "{\"type\":\"heartbeat\",\"seq\":" + seq + ",\"time\":\"" + time + "\"}";
    }

    /** The WebSocket text frame carrying {@link #json()}. */
    ByteBuf wsFrame() {
        if (wsFrame == null) wsFrame = EncodedEvent.shared(Frames.wsText(json().getBytes(StandardCharsets.UTF_8)));
        return wsFrame;
    }

    /**
     * The SSE message: an {@code event: heartbeat} without an {@code id:} line (the client's
     * Last-Event-ID stays the last real event) or a comment that EventSource ignores.
     */
    byte[] sse(boolean asEvent) {
        if (asEvent) {
            if (sseEventBytes == null) sseEventBytes = Frames.sse(-1, "heartbeat", json());
            return sseEventBytes;
        }
        if (sseCommentBytes == null)
            sseCommentBytes = (": heartbeat " + time + " seq " + seq + "\n\n").getBytes(StandardCharsets.UTF_8);
        return sseCommentBytes;
    }

    /** {@link #sse} as one HTTP/1.1 chunk. */
    ByteBuf sseChunk(boolean asEvent) {
        if (asEvent) {
            if (sseEvent == null) sseEvent = EncodedEvent.shared(Frames.sseChunk(sse(true)));
            return sseEvent;
        }
        if (sseComment == null) sseComment = EncodedEvent.shared(Frames.sseChunk(sse(false)));
        return sseComment;
    }
}
