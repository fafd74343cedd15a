package org.tryvoha.security;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tryvoha.config.Config;

/**
 * Abuse limits, TLS and browser-facing headers. Every number is per client address; 0
 * turns a rate limit off.
 *
 * @param requestsPerSecond sustained HTTP requests a second per address (health, ready and metrics excepted)
 * @param requestsBurst requests an address may make at once before the rate applies
 * @param connectionsPerSecond sustained SSE/WebSocket connection attempts a second per address
 * @param connectionsBurst connection attempts at once (a page reload, a household behind one address)
 * @param maxAddresses most addresses tracked at once (bounded memory); beyond, new ones share one bucket
 * @param exempt addresses or CIDR ranges never limited (e.g. a load generator on 127.0.0.0/8)
 * @param trustForwardedFor take the client address from X-Forwarded-For (only behind a proxy you run)
 * @param maxZonesPerConnection most zones one SSE or WebSocket connection may subscribe to
 * @param wsMessagesPerSecond client messages a second one WebSocket may send (burst: five times it)
 * @param tlsCertFile PEM certificate chain; with {@code tlsKeyFile} the server speaks only HTTPS
 * @param tlsKeyFile PEM private key (PKCS#8 or PKCS#1)
 * @param corsOrigins origins allowed to read the public API and streams from a browser; "*" any
 * @param requestReadTimeoutSeconds seconds a connection may take to send a complete request (head and
 *     body), counted from when it opens or its last answer ends; 0 never closes one
 */
public record SecuritySettings(
        int requestsPerSecond,
        int requestsBurst,
        int connectionsPerSecond,
        int connectionsBurst,
        int maxAddresses,
        List<String> exempt,
        boolean trustForwardedFor,
        int maxZonesPerConnection,
        int wsMessagesPerSecond,
        Path tlsCertFile,
        Path tlsKeyFile,
        List<String> corsOrigins,
        int requestReadTimeoutSeconds) {

    public static final int DEFAULT_REQUESTS_PER_SECOND = 100;
    public static final int DEFAULT_REQUESTS_BURST = 1000;
    public static final int DEFAULT_CONNECTIONS_PER_SECOND = 20;
    public static final int DEFAULT_CONNECTIONS_BURST = 500;
    public static final int DEFAULT_MAX_ADDRESSES = 100_000;
    public static final int DEFAULT_MAX_ZONES_PER_CONNECTION = 100;
    public static final int DEFAULT_WS_MESSAGES_PER_SECOND = 20;
    public static final String DEFAULT_CORS_ORIGINS = "*";
    /** Long enough for a slow mobile link to send a request, short enough that idle sockets do not pile up. */
    public static final int DEFAULT_REQUEST_READ_TIMEOUT_SECONDS = 10;

    public static SecuritySettings from(Config.Source s) {
        Path cert = s.path("tls-cert-file", null), key = s.path("tls-key-file", null);
        if ((cert == null) != (key == null))
            throw new IllegalArgumentException("give both tls-cert-file and tls-key-file, or neither");
        return new SecuritySettings(
                s.number("rate-limit-requests-per-second", DEFAULT_REQUESTS_PER_SECOND, 0, 1_000_000),
                s.number("rate-limit-requests-burst", DEFAULT_REQUESTS_BURST, 1, 10_000_000),
                s.number("rate-limit-connections-per-second", DEFAULT_CONNECTIONS_PER_SECOND, 0, 1_000_000),
                s.number("rate-limit-connections-burst", DEFAULT_CONNECTIONS_BURST, 1, 10_000_000),
                s.number("rate-limit-max-addresses", DEFAULT_MAX_ADDRESSES, 1, 100_000_000),
                list(s.text("rate-limit-exempt", "")),
                s.bool("trust-forwarded-for", false),
                s.number("max-zones-per-connection", DEFAULT_MAX_ZONES_PER_CONNECTION, 1, 100_000),
                s.number("ws-messages-per-second", DEFAULT_WS_MESSAGES_PER_SECOND, 0, 1_000_000),
                cert,
                key,
                list(s.text("cors-allowed-origins", DEFAULT_CORS_ORIGINS)),
                s.number("request-read-timeout-seconds", DEFAULT_REQUEST_READ_TIMEOUT_SECONDS, 0, 3600));
    }

    public boolean tls() {
        return tlsCertFile != null;
    }

    private static List<String> list(String v) {
        return v == null
                ? List.of()
                : Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(x -> !x.isEmpty())
                        .toList();
    }
}
