package org.tryvoha.delivery.webpush;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AsciiString;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.tryvoha.delivery.webpush.WebPush.Job;

/**
 * The HTTP/2 connections of one push service lane, written on Netty's HTTP/2 codec: at most {@code
 * max} connections, each carrying as many streams as the push service's {@code
 * SETTINGS_MAX_CONCURRENT_STREAMS} allows, TLS with ALPN {@code h2} to an {@code https://} origin and
 * h2c with prior knowledge to an {@code http://} one. Everything runs on the lane's event loop, so
 * no request crosses a thread; the headers that do not change are built once.
 *
 * <p>A push service that does not speak HTTP/2 (ALPN chose HTTP/1.1, or the connection closed
 * before the server's SETTINGS) is {@link Lane#notHttp2 handed back}: the lane then sends over
 * Vert.x's client, which also speaks HTTP/1.1, and tries HTTP/2 again after a minute.
 */
final class PushConnections {
    /** What the lane is told. */
    interface Lane {
        /** @param status 0 when no answer came ({@code failure} says why) */
        void answered(Job job, int status, CharSequence retryAfter, String failure);

        /** The push service does not speak HTTP/2: these (not sent) go another way. */
        void notHttp2(List<Pending> pending);
    }

    /** An encrypted push waiting for a stream. */
    record Pending(Job job, byte[] body, AsciiString auth) {}

    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final AsciiString POST = AsciiString.cached("POST"),
            HTTPS = AsciiString.cached("https"),
            HTTP = AsciiString.cached("http"),
            TTL = AsciiString.cached("ttl"),
            URGENCY = AsciiString.cached("urgency"),
            HIGH = AsciiString.cached("high"),
            CONTENT_ENCODING = AsciiString.cached("content-encoding"),
            AES128GCM = AsciiString.cached("aes128gcm"),
            CONTENT_TYPE = AsciiString.cached("content-type"),
            OCTET_STREAM = AsciiString.cached("application/octet-stream"),
            CONTENT_LENGTH = AsciiString.cached("content-length"),
            AUTHORIZATION = AsciiString.cached("authorization"),
            RETRY_AFTER = AsciiString.cached("retry-after");
    private static final AsciiString PATH = Http2Headers.PseudoHeaderName.PATH.value();
    private static volatile SslContext tls;

    private final Lane lane;
    private final EventLoop loop;
    private final ChannelFactory<? extends Channel> channels;
    private final int max;
    private final long timeoutNanos;
    private final boolean https;
    private final AsciiString authority;

    // on `loop` only
    private final List<Conn> conns = new ArrayList<>(); // connecting ones too
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private String host;
    private InetSocketAddress address;
    private ScheduledFuture<?> ticker;
    private boolean closed;
    /** Header values of numbers, kept while the number stays (one event's pushes share TTL and length). */
    private final NumberHeader ttl = new NumberHeader(), length = new NumberHeader();

    PushConnections(
            Lane lane,
            EventLoop loop,
            ChannelFactory<? extends Channel> channels,
            String origin,
            int max,
            long timeoutMillis) {
        this.lane = lane;
        this.loop = loop;
        this.channels = channels;
        this.max = Math.max(1, max);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.https = origin.startsWith("https://");
        this.authority = new AsciiString(origin.substring(origin.indexOf("://") + 3));
    }

    /** Where new connections go (the lane re-resolves now and then); on the loop. */
    void target(String host, InetSocketAddress address) {
        this.host = host;
        this.address = address;
    }

    /** Queues encrypted pushes and writes as many as there are free streams; on the loop. */
    void send(List<Pending> pushes) {
        waiting.addAll(pushes);
        drain();
    }

    /** A header value made from a number, made again only when the number changes; on the loop only. */
    private static final class NumberHeader {
        private int number;
        private AsciiString value;

        AsciiString of(int n) {
            if (value == null || n != number) {
                number = n;
                value = AsciiString.of(Integer.toString(n));
            }
            return value;
        }
    }

    private void drain() {
        if (waiting.isEmpty() || closed) return;
        boolean connecting = false;
        int live = 0; // a connection told to go away (GOAWAY, stream ids used up) does not count
        for (Conn c : conns) {
            if (!c.gone) live++;
            if (!c.ready) {
                connecting |= !c.gone;
                continue;
            }
            int wrote = 0;
            while (!waiting.isEmpty() && c.hasRoom()) {
                c.write(waiting.poll());
                wrote++;
            }
            if (wrote > 0) c.flush();
            if (waiting.isEmpty()) return;
        }
        if (!connecting && live < max) connect();
    }

    private void connect() {
        Conn c = new Conn();
        conns.add(c);
        if (ticker == null) ticker = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TimeUnit.NANOSECONDS.toMillis(timeoutNanos))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws SSLException {
                        if (!https) {
                            c.addHttp2(ch.pipeline());
                            return;
                        }
                        InetSocketAddress a = address;
                        ch.pipeline().addLast(tls().newHandler(ch.alloc(), host, a.getPort()));
                        ch.pipeline().addLast(new ApplicationProtocolNegotiationHandler("none") {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) c.addHttp2(ctx.pipeline());
                                else ctx.close(); // HTTP/1.1 only: closed before SETTINGS, handed back
                            }
                        });
                    }
                });
        ChannelFuture f = b.connect(address);
        c.channel = f.channel();
        f.addListener(r -> {
            if (r.isSuccess()) c.connected = true;
            else c.closed(r.cause().getClass().getSimpleName());
        });
        c.channel.closeFuture().addListener(r -> c.closed("closed"));
    }

    /** Each second: pushes past their timeout are given up (and their streams reset), idle connections closed. */
    private void tick() {
        long now = System.nanoTime();
        for (Conn c : List.copyOf(conns)) {
            if (!c.ready && now - c.startedAt > timeoutNanos) {
                c.channel.close(); // no SETTINGS in time
                continue;
            }
            List<Integer> late = new ArrayList<>();
            for (IntObjectHashMap.PrimitiveEntry<Flight> e : c.flights.entries())
                if (now - e.value().startedAt > timeoutNanos) late.add(e.key());
            for (int id : late) {
                c.finish(id, 0, null, "timeout");
                c.handler.encoder().writeRstStream(c.ctx, id, Http2Error.CANCEL.code(), c.ctx.newPromise());
            }
            if (!late.isEmpty()) c.flush();
            if (c.ready && c.flights.isEmpty() && now - c.lastUsed > IDLE_NANOS) c.channel.close();
        }
        if (conns.isEmpty() && ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /** Closes every connection (the server stops); on any thread. */
    void close() {
        try {
            loop.execute(() -> {
                closed = true;
                for (Conn c : List.copyOf(conns)) c.channel.close();
            });
        } catch (RejectedExecutionException e) { // Vert.x stopped first: its loops closed the channels
            closed = true;
        }
    }

    private static SslContext tls() throws SSLException {
        SslContext t = tls;
        if (t == null) {
            synchronized (PushConnections.class) {
                if (tls == null)
                    tls = SslContextBuilder.forClient()
                            .applicationProtocolConfig(new ApplicationProtocolConfig(
                                    ApplicationProtocolConfig.Protocol.ALPN,
                                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                    ApplicationProtocolNames.HTTP_2,
                                    ApplicationProtocolNames.HTTP_1_1))
                            .endpointIdentificationAlgorithm("HTTPS") // the certificate must name the host
                            .build();
                t = tls;
            }
        }
        return t;
    }

    private static final class Flight {
        final Pending pending;
        final long startedAt;
        int status;
        CharSequence retryAfter;

        Flight(Pending pending, long startedAt) {
            this.pending = pending;
            this.startedAt = startedAt;
        }
    }

    /** One connection: its streams in flight by id. */
    private final class Conn extends Http2FrameAdapter {
        final IntObjectHashMap<Flight> flights = new IntObjectHashMap<>();
        final long startedAt = System.nanoTime();
        Channel channel;
        ChannelHandlerContext ctx;
        Http2ConnectionHandler handler;
        Http2Connection connection;
        boolean connected, ready, gone;
        long lastUsed = startedAt;

        void addHttp2(ChannelPipeline p) {
            connection = new DefaultHttp2Connection(false);
            connection.addListener(new Http2ConnectionAdapter() {
                @Override
                public void onStreamClosed(Http2Stream stream) {
                    finish(stream.id(), 0, null, "stream closed");
                }

                @Override
                public void onGoAwayReceived(int lastStreamId, long errorCode, ByteBuf debugData) {
                    gone = true; // no new streams; those after lastStreamId are closed (and tried again)
                }
            });
            handler = new Http2ConnectionHandlerBuilder()
                    .connection(connection)
                    .frameListener(this)
                    .validateHeaders(false)
                    .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                    // a push's path names one browser: never put into the HPACK table, where it would only evict
                    .headerSensitivityDetector((name, value) -> PATH.contentEquals(name))
                    .build();
            p.addLast(handler);
            p.addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelReadComplete(ChannelHandlerContext c) {
                    drain(); // streams answered in this read are free again
                    c.fireChannelReadComplete();
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                    c.close();
                }
            });
            ctx = p.context(handler);
        }

        /**
         * Through the HTTP/2 handler itself: its flush writes the DATA its flow controller holds;
         * {@code ctx.flush()} would start below it and leave them queued until the next read.
         */
        void flush() {
            try {
                handler.flush(ctx);
            } catch (Exception e) {
                ctx.close();
            }
        }

        boolean hasRoom() {
            // Netty's count, not ours: a stream answered is not closed until our last DATA has been
            // written, and a stream it refuses to open costs a retry
            return !gone && channel.isActive() && connection.local().canOpenStream();
        }

        void write(Pending p) {
            int id = connection.local().incrementAndGetNextStreamId();
            if (id < 0) { // stream ids used up: a new connection takes over
                gone = true;
                waiting.addFirst(p);
                return;
            }
            Http2Headers h = new DefaultHttp2Headers(false, 12)
                    .method(POST)
                    .scheme(https ? HTTPS : HTTP)
                    .authority(authority)
                    .path(p.job().to().path())
                    .add(TTL, ttl.of(p.job().message().ttl()))
                    .add(URGENCY, HIGH)
                    .add(CONTENT_ENCODING, AES128GCM)
                    .add(CONTENT_TYPE, OCTET_STREAM)
                    .add(CONTENT_LENGTH, length.of(p.body().length))
                    .add(AUTHORIZATION, p.auth());
            long now = System.nanoTime();
            flights.put(id, new Flight(p, now));
            lastUsed = now;
            handler.encoder().writeHeaders(ctx, id, h, 0, false, ctx.newPromise());
            handler.encoder()
                    .writeData(ctx, id, Unpooled.wrappedBuffer(p.body()), 0, true, ctx.newPromise())
                    .addListener(r -> {
                        if (!r.isSuccess())
                            finish(id, 0, null, r.cause().getClass().getSimpleName());
                    });
        }

        void finish(int id, int status, CharSequence retryAfter, String failure) {
            Flight f = flights.remove(id);
            if (f == null) return;
            lastUsed = System.nanoTime();
            if (gone && flights.isEmpty()) channel.close(); // its last stream done: make room for a new one
            lane.answered(f.pending.job(), status, retryAfter, failure);
        }

        /** The connection is gone: its pushes in flight count as unanswered; those waiting go elsewhere. */
        void closed(String why) {
            if (!conns.remove(this)) return;
            gone = true;
            for (int id : new ArrayList<>(flights.keySet())) finish(id, 0, null, why);
            if (!ready && connected && !closed) { // it took TCP (and TLS) but no HTTP/2
                List<Pending> back = new ArrayList<>(waiting);
                waiting.clear();
                lane.notHttp2(back);
                return;
            }
            if (conns.isEmpty()) { // nothing left that could take them: unanswered, tried again later
                List<Pending> failed = new ArrayList<>(waiting);
                waiting.clear();
                for (Pending p : failed) lane.answered(p.job(), 0, null, why);
            } else drain();
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
            if (!ready) {
                ready = true;
                drain();
            }
        }

        @Override
        public void onHeadersRead(
                ChannelHandlerContext c, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
            Flight f = flights.get(streamId);
            if (f == null) return;
            CharSequence s = headers.status();
            int status = 0;
            if (s != null)
                try {
                    status = Integer.parseInt(s.toString());
                } catch (NumberFormatException e) {
                    status = 0;
                }
            if (status >= 100 && status < 200 && !endOfStream) return; // informational
            f.status = status;
            f.retryAfter = headers.get(RETRY_AFTER);
            if (endOfStream) finish(streamId, status, f.retryAfter, status == 0 ? "no status" : null);
        }

        @Override
        public void onHeadersRead(
                ChannelHandlerContext c,
                int streamId,
                Http2Headers headers,
                int streamDependency,
                short weight,
                boolean exclusive,
                int padding,
                boolean endOfStream) {
            onHeadersRead(c, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int n = data.readableBytes() + padding;
            if (endOfStream) {
                Flight f = flights.get(streamId);
                if (f != null) finish(streamId, f.status, f.retryAfter, f.status == 0 ? "no status" : null);
            }
            return n;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
            finish(streamId, 0, null, "reset " + errorCode);
        }
    }
}
