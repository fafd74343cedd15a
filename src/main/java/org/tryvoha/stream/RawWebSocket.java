package org.tryvoha.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.Http1xServerConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;

/**
 * A WebSocket (RFC 6455) on the bare Netty channel: the handshake is checked and answered here, then
 * every Vert.x handler leaves the channel's pipeline, which becomes [TLS] → frame encoder → frame
 * decoder → UTF-8 check → fragment aggregator → this handler. So no Vert.x connection, request or
 * WebSocket object (each with its own 4 KiB outbound queue) stays alive per socket: an idle
 * WebSocket is this handler, the Netty codecs and its {@link WsSubscriber}.
 *
 * <p>Inbound: text messages go to {@link #onText}; binary messages to {@link #onBinary}; a ping is
 * answered with a pong; a close is answered with a close and the socket closed; a frame or message
 * over {@link #MAX_MESSAGE} bytes, a masking or UTF-8 violation closes with 1009/1002/1007 (Netty's
 * decoder writes that close frame). Outbound: events go below the frame encoder ({@link DirectWriter});
 * {@link #close} sends a close frame and closes the socket when the peer answers, or after
 * {@link #CLOSING_TIMEOUT_SECONDS} at most (a peer that stopped reading never answers).
 *
 * <p>Only on the channel's event loop.
 */
final class RawWebSocket extends ChannelInboundHandlerAdapter {
    /** Largest frame and largest (reassembled) message a client may send, as before (Vert.x's settings). */
    static final int MAX_MESSAGE = 64 * 1024;

    static final int CLOSING_TIMEOUT_SECONDS = 10;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final WebSocketDecoderConfig DECODER = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(MAX_MESSAGE)
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .withUTF8Validator(true)
            .build();

    private final Channel channel;
    private WsSubscriber sub;
    private Consumer<String> onText = t -> {};
    private Runnable onBinary = () -> {};
    private boolean closeSent;
    private ScheduledFuture<?> closing;

    private RawWebSocket(Channel channel) {
        this.channel = channel;
    }

    /**
     * Checks the request is a version-13 WebSocket handshake; a {@link ProblemException} (400, or 426
     * with {@code Sec-WebSocket-Version: 13} for another version) names what is wrong. Returns the key.
     */
    static String check(HttpServerRequest req) {
        if (req.version() != HttpVersion.HTTP_1_1 || !(req.connection() instanceof Http1xServerConnection)) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST, "a WebSocket needs an HTTP/1.1 upgrade request, got " + req.version());
        }
        if (!hasToken(req.headers().getAll("Upgrade"), "websocket")) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "not a WebSocket handshake: send 'Upgrade: websocket' (RFC 6455 §4.1)");
        }
        if (!hasToken(req.headers().getAll("Connection"), "upgrade")) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "not a WebSocket handshake: send 'Connection: Upgrade' (RFC 6455 §4.1)");
        }
        String version = req.getHeader("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.strip())) {
            req.response().putHeader("Sec-WebSocket-Version", "13");
            throw new ProblemException(
                    ErrorCode.UPGRADE_REQUIRED,
                    version == null
                            ? "Sec-WebSocket-Version is missing; this server speaks version 13 (RFC 6455)"
                            : "Sec-WebSocket-Version " + version
                                    + " is not supported; this server speaks version 13 (RFC 6455)");
        }
        String key = req.getHeader("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Sec-WebSocket-Key is missing (RFC 6455 §4.1)");
        }
        key = key.strip();
        byte[] nonce;
        try {
            nonce = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            nonce = null;
        }
        if (nonce == null || nonce.length != 16) {
            throw new ProblemException(
                    ErrorCode.MALFORMED_REQUEST,
                    "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 §4.1), got '" + key + "'");
        }
        return key;
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String v : values) {
            for (String t : v.split(",")) if (t.strip().toLowerCase(Locale.ROOT).equals(token)) return true;
        }
        return false;
    }

    /**
     * Answers the handshake checked by {@link #check} with 101 (plus {@code headers}, the response
     * headers set so far, e.g. the security headers), takes the channel over from Vert.x and hands the
     * new socket to {@code opened}. Both happen just after the current read of the channel: Vert.x's
     * HTTP handlers are still in the middle of it now (one of them removes itself when it returns).
     */
    static void upgrade(HttpServerRequest req, String key, MultiMap headers, Consumer<RawWebSocket> opened) {
        Channel ch = ((Http1xServerConnection) req.connection())
                .channelHandlerContext()
                .channel();
        StringBuilder head = new StringBuilder(256)
                .append(
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ")
                .append(accept(key))
                .append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            if (h.getValue().indexOf('\r') < 0 && h.getValue().indexOf('\n') < 0)
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        byte[] response = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        ch.eventLoop().execute(() -> {
            if (!ch.isActive()) return;
            ChannelPipeline p = ch.pipeline();
            // Vert.x's HTTP codec, its connection handler and whatever else it added: all but TLS leave
            List<ChannelHandler> vertx = new ArrayList<>();
            for (Map.Entry<String, ChannelHandler> h : p)
                if (!(h.getValue() instanceof SslHandler)) vertx.add(h.getValue());
            for (ChannelHandler h : vertx) p.remove(h);
            RawWebSocket ws = new RawWebSocket(ch);
            p.addLast("wsencoder", new WebSocket13FrameEncoder(false));
            p.addLast("wsdecoder", new WebSocket13FrameDecoder(DECODER));
            p.addLast("wsutf8", new Utf8FrameValidator(true));
            p.addLast("wsaggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
            p.addLast("tryvoha-ws", ws);
            ch.writeAndFlush(Unpooled.wrappedBuffer(response), ch.voidPromise());
            ch.config().setAutoRead(true);
            opened.accept(ws);
        });
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the key and the protocol's GUID. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Binds the subscriber (told when the socket goes) and the message handlers; false when the socket has gone already. */
    boolean bind(WsSubscriber sub, Consumer<String> onText, Runnable onBinary) {
        this.sub = sub;
        this.onText = onText;
        this.onBinary = onBinary;
        return channel.isActive();
    }

    /** Writes pre-framed bytes below the frame encoder. */
    DirectWriter writer(int maxQueuedBytes) {
        return DirectWriter.ws(channel.pipeline(), maxQueuedBytes);
    }

    /** Sends a close frame (status, reason of at most 123 bytes) and closes the socket when the peer answers or the timeout ends. */
    void close(int status, String reason) {
        if (closeSent || !channel.isActive()) return;
        closeSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason), channel.voidPromise());
        closing = channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame t) {
                if (!closeSent) onText.accept(t.text());
            } else if (msg instanceof BinaryWebSocketFrame) {
                if (!closeSent) onBinary.run();
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closeSent)
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            } else if (msg instanceof CloseWebSocketFrame close) {
                onClose(ctx, close);
            }
            // pongs, and anything left over from the HTTP request, are dropped
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (closeSent) {
            ctx.close(); // the answer to ours
            return;
        }
        closeSent = true;
        if (sub != null) sub.gone();
        // echo the peer's status (RFC 6455 §5.5.1), then close the TCP connection: the server closes first
        int status = close.statusCode();
        CloseWebSocketFrame answer = status < 0
                ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                : new CloseWebSocketFrame(status, "");
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
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
        if (cause instanceof TooLongFrameException
                && !closeSent
                && ctx.channel().isActive()) {
            // a fragmented message over the limit (a single frame over it is refused by the decoder itself)
            closeSent = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(
                            WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over " + MAX_MESSAGE + " bytes"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(cause instanceof CorruptedWebSocketFrameException || cause instanceof CorruptedFrameException))
            ctx.close();
        // a protocol violation: the decoder has written its close frame and closes the socket itself
        else if (!closeSent) closeSent = true;
    }
}
