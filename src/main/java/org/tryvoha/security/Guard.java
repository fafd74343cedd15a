package org.tryvoha.security;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.http.ProblemHandler;

/**
 * The first handler of every request: security headers, CORS for the public read API and streams,
 * and the per-address rate limits (429 with Retry-After). One per server, shared by every event
 * loop; thread-safe.
 */
public final class Guard implements Feature {
    /** The pages' policy: nothing inline, nothing from elsewhere but map tiles, never framed. */
    public static final String PAGE_CSP =
            "default-src 'self'; img-src 'self' data: blob: http: https:; style-src 'self'; "
                    + "connect-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> UNLIMITED = Set.of("/api/v1/health", "/api/v1/ready", "/metrics");
    private static final Set<String> STREAMS = Set.of("/api/v1/stream", "/api/v1/ws");

    private final SecuritySettings s;
    private final RateLimiter requests;
    private final RateLimiter connections;
    private final List<IpSubnetFilterRule> exempt = new ArrayList<>();

    public Guard(SecuritySettings s) {
        this.s = s;
        this.requests = s.requestsPerSecond() == 0
                ? null
                : new RateLimiter(s.requestsPerSecond(), s.requestsBurst(), s.maxAddresses(), System::nanoTime);
        this.connections = s.connectionsPerSecond() == 0
                ? null
                : new RateLimiter(s.connectionsPerSecond(), s.connectionsBurst(), s.maxAddresses(), System::nanoTime);
        for (String e : s.exempt()) exempt.add(rule(e));
    }

    public SecuritySettings settings() {
        return s;
    }

    /** Adds the guard as the router's first handler. */
    @Override
    public void mount(Routes routes) {
        mount(routes.router());
    }

    /** Adds the guard as the first handler of {@code r}. */
    public void mount(Router r) {
        r.route().order(-1_000_000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = ctx.response();
        resp.putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", PAGE_CSP)
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
        if (s.tls()) resp.putHeader("Strict-Transport-Security", "max-age=31536000");
        String path = req.path();
        if (!UNLIMITED.contains(path)) {
            boolean stream = STREAMS.contains(path);
            RateLimiter limiter = stream ? connections : requests;
            String address = address(req);
            long wait = limiter == null || exempt(address) ? 0 : limiter.acquire(address);
            if (wait > 0) {
                resp.putHeader("Retry-After", Long.toString(wait));
                ProblemHandler.send(
                        resp,
                        new ProblemException(
                                ErrorCode.TOO_MANY_REQUESTS,
                                (stream
                                                ? "too many connection attempts from " + address + "; at most "
                                                        + s.connectionsPerSecond() + " a second (burst "
                                                        + s.connectionsBurst() + ")"
                                                : "too many requests from " + address + "; at most "
                                                        + s.requestsPerSecond() + " a second (burst "
                                                        + s.requestsBurst() + ")")
                                        + "; retry after " + wait + " s"),
                        path);
                return;
            }
        }
        if (cors(ctx)) return;
        ctx.next();
    }

    /** Whether {@code req} asks for a long-lived SSE or WebSocket stream. */
    public static boolean stream(HttpServerRequest req) {
        return STREAMS.contains(req.path());
    }

    /**
     * Why a request's Host header is unusable, or null when it is fine. HTTP/1.1 requires exactly
     * one Host naming a host and optional port (RFC 9112 §3.2, RFC 3986 §3.2.2); HTTP/1.0 may omit
     * it, and HTTP/2 carries the authority in its own pseudo-header, which the codec checks.
     */
    public static String badHost(HttpServerRequest req) {
        if (req.version() == HttpVersion.HTTP_2) return null;
        List<String> hosts = req.headers().getAll("Host");
        if (hosts.isEmpty())
            return req.version() == HttpVersion.HTTP_1_0
                    ? null
                    : "the request has no Host header; HTTP/1.1 requires one, e.g. Host: alerts.example.org";
        if (hosts.size() > 1) return "the request has " + hosts.size() + " Host headers; send exactly one";
        String host = hosts.get(0).strip();
        String why = hostProblem(host);
        return why == null
                ? null
                : "the Host header '" + printable(host) + "' is not a host name or address with an optional port: "
                        + why;
    }

    private static String hostProblem(String host) {
        if (host.isEmpty()) return "it is empty";
        String name = host, port = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) return "the IPv6 address has no closing ]";
            if (!NetUtil.isValidIpV6Address(host.substring(1, close))) return "the part in [ ] is not an IPv6 address";
            name = null;
            if (close + 1 < host.length()) {
                if (host.charAt(close + 1) != ':') return "only :port may follow the ]";
                port = host.substring(close + 2);
            }
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                name = host.substring(0, colon);
                port = host.substring(colon + 1);
                if (port.indexOf(':') >= 0) return "it has more than one ':' (put an IPv6 address in [ ])";
            }
        }
        if (name != null) {
            if (name.isEmpty()) return "the host name is empty";
            for (int i = 0; i < name.length(); i++)
                if (REG_NAME.indexOf(Character.toLowerCase(name.charAt(i))) < 0)
                    return "the character '" + printable(String.valueOf(name.charAt(i))) + "' may not appear in a host";
        }
        if (port != null && !port.isEmpty()) {
            if (port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) return "the port must be a number from 0 to 65535";
        }
        return null;
    }

    /** RFC 3986 reg-name: unreserved, pct-encoded and sub-delims (lower case). */
    private static final String REG_NAME = "abcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=";

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : c);
        }
        return b.toString();
    }

    /** CORS for reads: GET/HEAD from allowed origins, and their preflight. Writes get no CORS headers (browsers refuse them cross-origin). */
    private boolean cors(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String origin = req.getHeader("Origin");
        if (origin == null || !(req.path().startsWith("/api/v1/") || req.path().startsWith("/.well-known/")))
            return false;
        boolean allowed = s.corsOrigins().contains("*") || s.corsOrigins().contains(origin);
        if (req.path().equals("/api/v1/ws") && !allowed && !sameOrigin(req, origin)) {
            ProblemHandler.send(
                    ctx.response(),
                    new ProblemException(
                            ErrorCode.FORBIDDEN,
                            "WebSocket connections from origin " + origin + " are not allowed (cors-allowed-origins)"),
                    req.path());
            return true;
        }
        if (!allowed) return false;
        HttpServerResponse resp = ctx.response();
        String preflight = req.getHeader("Access-Control-Request-Method");
        if (req.method() == HttpMethod.OPTIONS && preflight != null) {
            if (!preflight.equals("GET") && !preflight.equals("HEAD")) return false;
            allow(resp, origin)
                    .putHeader("Access-Control-Allow-Methods", "GET, HEAD")
                    .putHeader("Access-Control-Allow-Headers", "Accept, Last-Event-ID, Cache-Control")
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204)
                    .end();
            return true;
        }
        if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
            allow(resp, origin).putHeader("Access-Control-Expose-Headers", "Retry-After, Location");
        }
        return false;
    }

    private HttpServerResponse allow(HttpServerResponse resp, String origin) {
        return resp.putHeader("Access-Control-Allow-Origin", s.corsOrigins().contains("*") ? "*" : origin)
                .putHeader("Vary", "Origin");
    }

    private static boolean sameOrigin(HttpServerRequest req, String origin) {
        String host = req.authority() == null ? null : req.authority().toString();
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** The client's address: the peer, or the first X-Forwarded-For entry when trusted. */
    String address(HttpServerRequest req) {
        if (s.trustForwardedFor()) {
            String f = req.getHeader("X-Forwarded-For");
            if (f != null && !f.isBlank()) return f.split(",")[0].strip();
        }
        return req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    }

    private boolean exempt(String address) {
        if (exempt.isEmpty()) return false;
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(address);
        if (ip == null) return false;
        try {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(ip), 0);
            for (IpSubnetFilterRule r : exempt) if (r.matches(a)) return true;
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static IpSubnetFilterRule rule(String cidr) {
        String[] p = cidr.split("/", 2);
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(p[0].strip());
        if (ip == null)
            throw new IllegalArgumentException(
                    "rate-limit-exempt: '" + cidr + "' is not an address or CIDR range like 127.0.0.0/8");
        int bits;
        try {
            bits = p.length == 1 ? ip.length * 8 : Integer.parseInt(p[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate-limit-exempt: '" + cidr + "' has no prefix length after /");
        }
        if (bits < 0 || bits > ip.length * 8)
            throw new IllegalArgumentException("rate-limit-exempt: prefix length of '" + cidr + "' out of range");
        return new IpSubnetFilterRule(p[0].strip(), bits, IpFilterRuleType.ACCEPT);
    }
}
