package org.tryvoha.delivery.mobile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tryvoha.json.Json;

/**
 * A Google service account's OAuth2 access token for FCM (RFC 7523 JWT bearer grant): a JWT signed
 * RS256 with the account's key ({@code iss} the account's e-mail, {@code scope} firebase.messaging,
 * {@code aud} its {@code token_uri}) is exchanged at {@code token_uri} for an access token, which is
 * reused until five minutes before it expires. Only one exchange runs at a time; call on one
 * context.
 */
final class GoogleAuth {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** The fields of the service account's JSON key that are used. */
    record Account(String projectId, String clientEmail, PrivateKey key, String tokenUri) {
        static Account read(Path file) {
            try {
                JsonNode j = Json.MAPPER.readTree(Files.readString(file));
                for (String f : new String[] {"project_id", "client_email", "private_key", "token_uri"})
                    if (!j.path(f).isTextual())
                        throw new IllegalArgumentException("fcm-service-account " + file + " has no " + f);
                return new Account(
                        j.path("project_id").asText(),
                        j.path("client_email").asText(),
                        Jwt.pem(j.path("private_key").asText(), "RSA"),
                        j.path("token_uri").asText());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read fcm-service-account " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Account account;
    private final Clock clock;
    private final long timeoutMillis;
    private String token;
    private long renewAt;
    private Future<String> pending;

    GoogleAuth(Vertx vertx, HttpClient client, Account account, Clock clock, long timeoutMillis) {
        this.vertx = vertx;
        this.client = client;
        this.account = account;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
    }

    /** The current access token, fetched when there is none or it is about to expire. */
    synchronized Future<String> token() {
        if (token != null && clock.millis() < renewAt) return Future.succeededFuture(token);
        if (pending != null) return pending;
        Promise<String> p = Promise.promise();
        pending = p.future();
        vertx.executeBlocking(this::assertion, false) // an RSA signature: off the event loop
                .compose(this::exchange)
                .onComplete(r -> {
                    synchronized (this) {
                        pending = null;
                    }
                    p.handle(r);
                });
        return p.future();
    }

    /** The token was refused (401): fetch a new one on the next call. */
    synchronized void invalidate(String refused) {
        if (refused.equals(token)) token = null;
    }

    private String assertion() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", account.tokenUri());
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        return Jwt.sign(Map.of("alg", "RS256", "typ", "JWT"), claims, account.key());
    }

    private Future<String> exchange(String assertion) {
        String form =
                "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + assertion;
        RequestOptions o = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(account.tokenUri())
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .setIdleTimeout(timeoutMillis)
                .setConnectTimeout(timeoutMillis);
        return client.request(o)
                .compose(req -> req.send(Buffer.buffer(form)))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() != 200)
                        throw new IllegalStateException("the token endpoint answered " + resp.statusCode() + ": " + b);
                    JsonNode j = parse(b);
                    String t = j.path("access_token").asText(null);
                    if (t == null) throw new IllegalStateException("the token endpoint gave no access_token");
                    long life = j.path("expires_in").asLong(3600);
                    synchronized (this) {
                        token = t;
                        renewAt = clock.millis() + Math.max(60, life - 300) * 1000;
                    }
                    return t;
                }));
    }

    private static JsonNode parse(Buffer b) {
        try {
            return Json.MAPPER.readTree(b.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the token endpoint answered no JSON", e);
        }
    }

    String projectId() {
        return account.projectId();
    }
}
