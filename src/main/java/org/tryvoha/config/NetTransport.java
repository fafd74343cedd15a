package org.tryvoha.config;

import io.vertx.core.transport.Transport;
import java.util.List;

/**
 * The transport of the server's event loops, setting {@code transport}: {@code epoll} (default),
 * {@code io_uring} or {@code nio}. A transport named by a flag, {@code TRYVOHA_TRANSPORT}, the config
 * file or the JVM property {@value #PROPERTY} must be available, or the server does not start (the
 * error says why, from Netty). Left unset, the server takes the first available of {@link #DEFAULTS}
 * and says in its start line which one it got.
 *
 * <p>io_uring is experimental here (BENCHMARKS.md, "io_uring against epoll" and the fifth
 * pass): 16–26% less server CPU per delivery at 10,000 subscribers on a busy box, no gain measured on
 * a quiet one. The webhook client on it sometimes takes a pooled keep-alive connection that the
 * receiver has just closed, before io_uring reports the close: that attempt fails with "Connection
 * was closed" and the retry 20 ms later delivers (the webhook tests count deliveries, not log lines,
 * for that). Epoll stays the default.
 */
public final class NetTransport {
    /** Lets a whole test run or a benchmark's server JVM switch transport without a flag. */
    public static final String PROPERTY = "tryvoha.transport";
    /** Tried in order when no transport is named; nio is always available. */
    public static final List<String> DEFAULTS = List.of("epoll", "nio");

    /** The transport to use; {@code fallback} says why it is not the first default (null when it is, or when one was named). */
    public record Choice(String name, Transport transport, String fallback) {}

    private NetTransport() {}

    public static Choice choose(Config.Source settings) {
        String named = settings.text("transport", System.getProperty(PROPERTY));
        if (named != null) {
            String name = named.strip().toLowerCase();
            Transport t = byName(name);
            if (!t.available()) {
                throw new IllegalArgumentException("transport " + name + " is not available here: " + cause(t));
            }
            return new Choice(name, t, null);
        }
        StringBuilder why = new StringBuilder();
        for (String name : DEFAULTS) {
            Transport t = byName(name);
            if (t.available()) return new Choice(name, t, why.isEmpty() ? null : why.toString());
            why.append(why.isEmpty() ? "" : "; ")
                    .append(name)
                    .append(" is not available: ")
                    .append(cause(t));
        }
        throw new IllegalStateException(why.toString());
    }

    static Transport byName(String name) {
        return switch (name) {
            case "epoll" -> Transport.EPOLL;
            case "io_uring", "io-uring", "iouring" -> Transport.IO_URING;
            case "nio" -> Transport.NIO;
            default ->
                throw new IllegalArgumentException("transport must be epoll, io_uring or nio, got '" + name + "'");
        };
    }

    private static String cause(Transport t) {
        Throwable c = t.unavailabilityCause();
        if (c == null) return "no reason given";
        StringBuilder s = new StringBuilder(c.toString());
        for (Throwable in = c.getCause(); in != null && in != in.getCause(); in = in.getCause())
            s.append(" (caused by ").append(in).append(')');
        return s.toString();
    }
}
