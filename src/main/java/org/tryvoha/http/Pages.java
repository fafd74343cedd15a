package org.tryvoha.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTML pages under resources/web: read from the jar once, served with the page headers (no caching without a check, CSP). */
public final class Pages {
    /** A script written into the page itself (no {@code src}): allowed by its hash, never by 'unsafe-inline'. */
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private Pages() {}

    /** A handler answering with {@code /web/<file>} under {@code csp}; fails at once when the page is missing from the jar. */
    public static Handler<RoutingContext> page(String file, String csp) {
        Buffer page = read(file);
        String policy = withInlineScripts(csp, page.toString(StandardCharsets.UTF_8));
        return ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", policy)
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

    /**
     * {@code csp} with the SHA-256 of each inline script of {@code html} added to its {@code
     * script-src}: the page's own scripts run (the resident page opens its feed that way, one request
     * sooner), and nothing else written into a page could.
     */
    static String withInlineScripts(String csp, String html) {
        List<String> hashes = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) hashes.add("'sha256-" + sha256(m.group(1)) + "'");
        if (hashes.isEmpty()) return csp;
        if (!csp.contains("script-src 'self'"))
            throw new IllegalStateException("a page with inline scripts needs a CSP with script-src 'self': " + csp);
        return csp.replace("script-src 'self'", "script-src 'self' " + String.join(" ", hashes));
    }

    private static String sha256(String script) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
