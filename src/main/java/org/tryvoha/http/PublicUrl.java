package org.tryvoha.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.tryvoha.config.Config;

/**
 * The server's external base URL, for the absolute URLs it writes (the Atom feed's ids and links):
 * the setting {@code public-url} (e.g. {@code https://alerts.example.org}), never the request's Host
 * header, which the client chooses. Without the setting: {@code http://} (or {@code https://} with
 * TLS) + the configured listen {@code host} (127.0.0.1 when it is a wildcard such as 0.0.0.0) + the
 * port the request arrived on. Immutable and thread-safe.
 *
 * @param configured the {@code public-url} setting without a trailing slash, or null
 * @param host the listen host for the default
 */
public record PublicUrl(String configured, String host) {
    /** No default URL: unset means the listen address, see the class comment. */
    public static final String DEFAULT = null;

    /** From the settings {@code public-url} and {@code host}; an unusable URL is refused naming the setting. */
    public static PublicUrl from(Config.Source s) {
        String url = s.text("public-url", DEFAULT);
        String host = s.text("host", Config.DEFAULT_HOST);
        return new PublicUrl(url == null || url.isBlank() ? null : check(url.strip()), host);
    }

    static String check(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && u.getHost() != null
                    && u.getRawQuery() == null
                    && u.getRawFragment() == null
                    && u.getRawUserInfo() == null) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("public-url must be an absolute http or https URL without query, e.g."
                + " https://alerts.example.org or https://example.org/tryvoha; got '" + url + "'");
    }

    /** The base URL (no trailing slash) for absolute links in the answer to {@code req}. */
    public String base(HttpServerRequest req) {
        if (configured != null) return configured;
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "127.0.0.1"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        int port = req.localAddress() == null ? -1 : req.localAddress().port();
        return (req.isSSL() ? "https" : "http") + "://" + h + (port < 0 ? "" : ":" + port);
    }
}
