package org.tryvoha.security;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The serve command's flags for {@link SecuritySettings} (a picocli mixin; read by name through Config.Source). */
public final class SecurityOptions {
    @Option(
            names = "--rate-limit-requests-per-second",
            description =
                    "HTTP requests a second per client address, 0 = no limit (default 100); env TRYVOHA_RATE_LIMIT_REQUESTS_PER_SECOND")
    Integer requests;

    @Option(
            names = "--rate-limit-requests-burst",
            description = "Requests at once per address before the rate applies (default 1000)")
    Integer requestsBurst;

    @Option(
            names = "--rate-limit-connections-per-second",
            description = "SSE/WebSocket connection attempts a second per address, 0 = no limit (default 20)")
    Integer connections;

    @Option(
            names = "--rate-limit-connections-burst",
            description = "Connection attempts at once per address (default 500)")
    Integer connectionsBurst;

    @Option(
            names = "--rate-limit-max-addresses",
            description = "Most client addresses tracked at once (default 100000)")
    Integer maxAddresses;

    @Option(
            names = "--rate-limit-exempt",
            description = "Addresses or CIDR ranges never limited, comma-separated (default none), e.g. 127.0.0.0/8")
    String exempt;

    @Option(
            names = "--trust-forwarded-for",
            description = "Take the client address from X-Forwarded-For (only behind your own proxy; default false)")
    Boolean forwardedFor;

    @Option(
            names = "--max-zones-per-connection",
            description = "Most zones one stream connection may subscribe to (default 100)")
    Integer maxZones;

    @Option(
            names = "--ws-messages-per-second",
            description = "Client messages a second per WebSocket, 0 = no limit (default 20)")
    Integer wsMessages;

    @Option(names = "--tls-cert-file", description = "PEM certificate (chain): serve HTTPS; env TRYVOHA_TLS_CERT_FILE")
    Path tlsCert;

    @Option(names = "--tls-key-file", description = "PEM private key for --tls-cert-file; env TRYVOHA_TLS_KEY_FILE")
    Path tlsKey;

    @Option(
            names = "--cors-allowed-origins",
            description =
                    "Origins that may read the public API and streams from a browser, comma-separated, * = any (default *)")
    String cors;

    @Option(
            names = "--request-read-timeout-seconds",
            description =
                    "Seconds a connection may take to send a complete request, from opening or its last answer; then it is closed. Streams are exempt once open; 0 = never (default 10)")
    Integer requestReadTimeout;
    // signed events
    @Option(
            names = "--signing-key-file",
            description =
                    "PEM Ed25519 private key (PKCS#8) that signs events (default: a key kept in the store); env TRYVOHA_SIGNING_KEY_FILE")
    Path signingKey;

    @Option(
            names = "--signing-keys-refresh-seconds",
            description = "How often a node re-reads the signing keys, to follow a rotation (default 30)")
    Integer signingRefresh;
}
