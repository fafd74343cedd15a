package org.tryvoha.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * A large, rarely changing answer (zone geometry) with a validator: an {@code ETag} from its bytes,
 * {@code 304 Not Modified} to a request whose {@code If-None-Match} names it, and the gzip form
 * compressed once (not per request) for a client that accepts it. Immutable and thread-safe.
 */
public final class Validated {
    /** One instance per byte array (compared by identity; dropped when the array is). */
    private static final Map<byte[], Validated> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final Buffer plain;
    private final Buffer gzip;
    private final String etag;

    private Validated(byte[] bytes, boolean compress) {
        this.plain = Buffer.buffer(bytes);
        this.gzip = compress ? Buffer.buffer(gzip(bytes)) : null;
        this.etag = "W/\"" + digest(bytes) + "\"";
    }

    /** The validated form of bytes that never change (e.g. a cached GeoJSON of the zone tree). */
    public static Validated of(byte[] bytes) {
        return CACHE.computeIfAbsent(bytes, b -> new Validated(b, true));
    }

    /** A file's bytes; {@code compress} false for a format that is compressed already (PNG). */
    static Validated of(byte[] bytes, boolean compress) {
        return new Validated(bytes, compress);
    }

    /** Sends the answer, or 304 when the client holds this version. */
    public static void send(RoutingContext ctx, byte[] bytes, String contentType, String cacheControl) {
        of(bytes).send(ctx, contentType, cacheControl);
    }

    public String etag() {
        return etag;
    }

    public void send(RoutingContext ctx, String contentType, String cacheControl) {
        var resp = ctx.response()
                .putHeader("ETag", etag)
                .putHeader("Cache-Control", cacheControl)
                .putHeader("Vary", "Accept-Encoding");
        if (matches(ctx.request().getHeader("If-None-Match"))) {
            resp.setStatusCode(304).end();
            return;
        }
        resp.putHeader("Content-Type", contentType);
        if (gzip != null && acceptsGzip(ctx.request().getHeader("Accept-Encoding"))) {
            // already compressed: the server's compressor leaves an answer with a Content-Encoding alone
            resp.putHeader("Content-Encoding", "gzip").end(gzip);
        } else {
            // sent as it is: the server's compressor must not gzip it per request ("identity" stops it, and goes)
            if (gzip != null) resp.putHeader("Content-Encoding", "identity");
            resp.end(plain);
        }
    }

    /** RFC 9110 §13.1.2: "*" or a list of (weak-compared) entity tags. */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) return false;
        String bare = etag.substring(2);
        for (String t : ifNoneMatch.split(",")) {
            String s = t.strip();
            if (s.equals("*")
                    || s.equals(etag)
                    || s.equals(bare)
                    || (s.startsWith("W/") && s.substring(2).equals(bare))) return true;
        }
        return false;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String part : acceptEncoding.split(",")) {
            String[] f = part.split(";");
            if (!f[0].strip().equalsIgnoreCase("gzip")) continue;
            for (int i = 1; i < f.length; i++) {
                String p = f[i].strip().replace(" ", "");
                if (p.startsWith("q=") && p.substring(2).matches("0(\\.0*)?")) return false;
            }
            return true;
        }
        return false;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(9);
            }
        }) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
