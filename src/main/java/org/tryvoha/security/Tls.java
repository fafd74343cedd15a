package org.tryvoha.security;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;

/** HTTPS from PEM files: the certificate chain and its private key (never logged). */
public final class Tls {
    private Tls() {}

    /** Turns on TLS in {@code opts} when the settings name a certificate; fails at start on a missing file. */
    public static HttpServerOptions apply(HttpServerOptions opts, SecuritySettings s) {
        if (!s.tls()) return opts;
        if (!Files.isReadable(s.tlsCertFile()))
            throw new IllegalArgumentException("tls-cert-file: cannot read " + s.tlsCertFile());
        if (!Files.isReadable(s.tlsKeyFile()))
            throw new IllegalArgumentException("tls-key-file: cannot read " + s.tlsKeyFile());
        return opts.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(s.tlsCertFile().toAbsolutePath().toString())
                        .setKeyPath(s.tlsKeyFile().toAbsolutePath().toString()));
    }
}
