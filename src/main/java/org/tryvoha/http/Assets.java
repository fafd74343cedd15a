package org.tryvoha.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files from a class-path folder (the pages' scripts and styles, Leaflet), held in memory once
 * read: text types gzipped once at level 9 for clients that accept it, each file with an {@code ETag}
 * and {@code 304} on {@code If-None-Match} ({@link Validated}). Unknown or hidden paths, and ".."
 * anywhere, fall through to the router's 404. Thread-safe.
 */
public final class Assets {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "webmanifest", "application/manifest+json",
            "map", "application/json");

    private final String root;
    private final String prefix;
    private final String cacheControl;
    private final Map<String, Optional<Validated>> files = new ConcurrentHashMap<>();

    private Assets(String root, String prefix, int maxAgeSeconds) {
        this.root = root;
        this.prefix = prefix;
        this.cacheControl = "public, max-age=" + maxAgeSeconds;
    }

    /**
     * @param root the class-path folder, e.g. "web"
     * @param prefix the URL path it is mounted at, with its trailing slash, e.g. "/web/"
     * @param maxAgeSeconds how long a browser may use a file before it revalidates it
     */
    public static Handler<RoutingContext> folder(String root, String prefix, int maxAgeSeconds) {
        Assets a = new Assets(root, prefix, maxAgeSeconds);
        return a::handle;
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String rel = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        if (!SAFE.matcher(rel).matches()) {
            ctx.next();
            return;
        }
        String ext = rel.substring(rel.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        Optional<Validated> file = type == null ? Optional.empty() : files.computeIfAbsent(rel, this::read);
        if (file.isEmpty()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("X-Content-Type-Options", "nosniff");
        file.get().send(ctx, type, cacheControl);
    }

    private Optional<Validated> read(String rel) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(root + "/" + rel)) {
            if (in == null) return Optional.empty();
            boolean text = !rel.endsWith(".png");
            return Optional.of(Validated.of(in.readAllBytes(), text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
