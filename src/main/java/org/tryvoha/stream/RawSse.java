package org.tryvoha.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.Http1xServerConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tryvoha.event.Frames;

/**
 * A Server-Sent Events response over HTTP/1.1 on the bare Netty channel, as {@link RawWebSocket} is
 * for WebSockets: once the route has checked the request, the response head is written here and every
 * Vert.x handler leaves the channel's pipeline, which becomes [TLS] → this handler. So no Vert.x
 * connection, request or response object (each with its own outbound queue) stays alive per stream:
 * an idle SSE subscriber is this handler, its {@link SseSubscriber} and its {@link DirectWriter}.
 *
 * <p>The body is chunked (RFC 9112 §7.1): every message is one chunk written by the {@link
 * DirectWriter}; {@link #end} writes the last chunk and closes the socket once it is written, or
 * after {@link #CLOSING_TIMEOUT_SECONDS} at most (a peer that stopped reading never takes it).
 *
 * <p>Inbound: an SSE client sends nothing after its request, so whatever arrives (a request body,
 * pipelined requests) is dropped unread; past {@link #MAX_IGNORED} bytes the stream is ended. The
 * peer closing (or half-closing) the connection, a TLS close_notify or an error detach the
 * subscriber and close the socket.
 *
 * <p>Only on the channel's event loop.
 */
final class RawSse extends ChannelInboundHandlerAdapter {
    /** Bytes a client may send after its request before it is cut off (as much as a WebSocket message). */
    static final int MAX_IGNORED = 64 * 1024;

    static final int CLOSING_TIMEOUT_SECONDS = 10;
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final Channel channel;
    private SseSubscriber sub;
    private int ignored;
    private boolean ending;
    private ScheduledFuture<?> closing;

    private RawSse(Channel channel) {
        this.channel = channel;
    }

    /** True for an HTTP/1.1 request on a Vert.x HTTP/1.x connection; HTTP/2 streams (and HTTP/1.0) stay with Vert.x. */
    static boolean fits(HttpServerRequest req) {
        return req.version() == HttpVersion.HTTP_1_1 && req.connection() instanceof Http1xServerConnection;
    }

    /**
     * Answers the request (checked by the route, {@link #fits}) with 200, {@code headers} (the response
     * headers set so far: security, CORS, content type, {@code transfer-encoding: chunked}) and
     * {@code first} as the first chunk, takes the channel over from Vert.x and hands the stream to
     * {@code opened}. Both happen just after the current read of the channel: Vert.x's HTTP handlers
     * are still in the middle of it now.
     */
    static void open(HttpServerRequest req, MultiMap headers, String first, Consumer<RawSse> opened) {
        Channel ch = ((Http1xServerConnection) req.connection())
                .channelHandlerContext()
                .channel();
        ByteBuf head = Unpooled.wrappedBuffer(
                head(headers, closeRequested(req)), Frames.sseChunk(first.getBytes(StandardCharsets.UTF_8)));
        ch.eventLoop().execute(() -> {
            if (!ch.isActive()) {
                head.release();
                return;
            }
            ChannelPipeline p = ch.pipeline();
            RawSse sse = new RawSse(ch);
            p.addLast("tryvoha-sse", sse);
            // Vert.x's HTTP codec, its connection handler and whatever else it added: all but TLS leave, the
            // last first, so bytes the request decoder still holds reach this handler (and are dropped)
            List<ChannelHandler> vertx = new ArrayList<>();
            for (Map.Entry<String, ChannelHandler> h : p)
                if (h.getValue() != sse && !(h.getValue() instanceof SslHandler)) vertx.add(0, h.getValue());
            for (ChannelHandler h : vertx) p.remove(h);
            ch.writeAndFlush(head, ch.voidPromise());
            ch.config().setAutoRead(true);
            opened.accept(sse);
        });
    }

    /** The status line and headers; a value with a line break is left out (it would split the head). */
    static byte[] head(MultiMap headers, boolean close) {
        StringBuilder head = new StringBuilder(512).append("HTTP/1.1 200 OK\r\n");
        for (Map.Entry<String, String> h : headers) {
            if (h.getValue().indexOf('\r') < 0 && h.getValue().indexOf('\n') < 0)
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (close) head.append("connection: close\r\n"); // as Vert.x answers a request that says so
        return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean closeRequested(HttpServerRequest req) {
        for (String v : req.headers().getAll("Connection")) {
            for (String t : v.split(",")) if (t.strip().toLowerCase(Locale.ROOT).equals("close")) return true;
        }
        return false;
    }

    /** Binds the subscriber (told when the socket goes); false when the socket has gone already. */
    boolean bind(SseSubscriber sub) {
        this.sub = sub;
        return channel.isActive();
    }

    /** Writes whole chunks from this handler down through TLS to the socket. */
    DirectWriter writer(int maxQueuedBytes) {
        return DirectWriter.at(channel.pipeline().context(this), maxQueuedBytes);
    }

    /** Writes the last chunk (what was written before it goes first) and closes the socket once it is written, or after the timeout. */
    void end() {
        if (ending || !channel.isActive()) return;
        ending = true;
        channel.writeAndFlush(Unpooled.wrappedBuffer(LAST_CHUNK)).addListener(ChannelFutureListener.CLOSE);
        closing = channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int n = msg instanceof ByteBuf b ? b.readableBytes() : 1;
        ReferenceCountUtil.release(msg);
        if (ending) return;
        ignored += Math.min(n, MAX_IGNORED + 1);
        if (ignored > MAX_IGNORED) {
            ctx.channel().config().setAutoRead(false); // read no more of it while the end is written
            if (sub != null)
                sub.close("the client sent more than " + MAX_IGNORED
                        + " bytes after its request; an SSE client sends nothing");
            end();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            // the client will send nothing more: it has gone (EventSource and curl close the whole connection)
            if (sub != null) sub.gone();
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closing != null) closing.cancel(false);
        if (sub != null) sub.gone();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (sub != null) sub.gone();
        ctx.close();
    }
}
