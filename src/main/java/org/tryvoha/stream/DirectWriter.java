package org.tryvoha.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes pre-framed bytes straight into one connection's Netty pipeline, just below the encoder that
 * would frame them (the WebSocket frame encoder of a {@link RawWebSocket}) or from the last handler
 * of a pipeline without one ({@link RawSse}, whose messages are HTTP/1.1 chunks), so they pass only
 * through what lies beneath (TLS, when configured) to the socket. This skips
 * Vert.x's per-connection outbound queue and Netty's per-message encoding: a delivery is one
 * {@code write} of a view of the shared bytes, and the shard {@link #flush}es once per socket per
 * batch. Netty writes to the socket at once on flush and asks the kernel for write-readiness only
 * when a write was partial.
 *
 * <p>Only on the connection's event loop. Messages written elsewhere in the pipeline (the SSE
 * response's head and last chunk, a WebSocket's close and pong frames) stay in order with these
 * because all enter the same pipeline on the same thread.
 */
final class DirectWriter {
    private final ChannelHandlerContext ctx;
    private final int maxQueuedBytes;
    // one reusable promise per connection; a write to a connection that just closed fails quietly (its
    // close handler removes the subscriber) instead of firing an exception through the pipeline
    private final ChannelPromise quiet;
    /** Bytes written since the last flush. */
    private long unflushed;

    private DirectWriter(ChannelHandlerContext ctx, int maxQueuedBytes) {
        this.ctx = ctx;
        this.maxQueuedBytes = maxQueuedBytes;
        this.quiet = new VoidChannelPromise(ctx.channel(), false);
    }

    /** For a {@link RawSse}: from its handler, the last of the pipeline, so each write must be a whole HTTP/1.1 chunk. */
    static DirectWriter at(ChannelHandlerContext ctx, int maxQueuedBytes) {
        return new DirectWriter(ctx, maxQueuedBytes);
    }

    /** For a {@link RawWebSocket}: below the frame encoder, so each write must be a whole frame. */
    static DirectWriter ws(ChannelPipeline pipeline, int maxQueuedBytes) {
        return below(pipeline, h -> h instanceof WebSocketFrameEncoder, "WebSocket frame encoder", maxQueuedBytes);
    }

    private static DirectWriter below(
            ChannelPipeline p, Predicate<ChannelHandler> encoder, String what, int maxQueuedBytes) {
        for (Map.Entry<String, ChannelHandler> h : p) {
            if (encoder.test(h.getValue())) return new DirectWriter(p.context(h.getValue()), maxQueuedBytes);
        }
        throw new IllegalStateException("no " + what + " in the connection's pipeline: " + p.names());
    }

    /** Queues a view of {@code shared} (its bytes are never copied, its indexes never moved). */
    void write(ByteBuf shared) {
        unflushed += shared.readableBytes();
        ctx.write(shared.duplicate(), quiet);
    }

    /** Queues bytes made for this connection alone. */
    void write(byte[] own) {
        unflushed += own.length;
        ctx.write(Unpooled.wrappedBuffer(own), quiet);
    }

    void flush() {
        unflushed = 0;
        ctx.flush();
    }

    /**
     * More than the allowed bytes of earlier flushes wait for the socket: the peer does not read fast
     * enough. What was written since the last flush does not count (it has not been offered to the
     * socket yet).
     */
    boolean full() {
        Channel ch = ctx.channel();
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() - unflushed > maxQueuedBytes;
    }
}
