package org.tryvoha.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;

/** The HTML pages under resources/web: read from the jar once, served with the page headers (no caching without a check, CSP). */
public final class Pages {
    private Pages() {}

    /** A handler answering with {@code /web/<file>} under {@code csp}; fails at once when the page is missing from the jar. */
    public static Handler<RoutingContext> page(String file, String csp) {
        Buffer page = read(file);
        return ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", csp)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(page);
    }

    private static Buffer read(String file) {
        try (InputStream in = Pages.class.getResourceAsStream("/web/" + file)) {
            if (in == null) throw new IllegalStateException("missing resource /web/" + file);
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /web/" + file, e);
        }
    }
}
