package org.tryvoha.delivery.webpush;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tryvoha.json.Json;

/**
 * The server's VAPID identity (RFC 8292): a P-256 key pair whose public half browsers are given as
 * {@code applicationServerKey}, and the signed JWT (ES256) each push request carries. Thread-safe.
 */
public final class Vapid {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** How long one token is valid (RFC 8292 allows at most 24 hours). */
    static final long TOKEN_SECONDS = 12 * 3600;

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final String subject;
    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

    public Vapid(KeyPair keys, String subject) {
        this.privateKey = keys.getPrivate();
        this.publicKey = PushCrypto.uncompressed((ECPublicKey) keys.getPublic());
        this.subject = subject;
    }

    /** The stored form: public key (uncompressed point) and private key (PKCS#8), both base64url. */
    public record Stored(String publicKey, String privateKey) {
        public static Stored of(KeyPair k) {
            return new Stored(
                    B64.encodeToString(PushCrypto.uncompressed((ECPublicKey) k.getPublic())),
                    B64.encodeToString(k.getPrivate().getEncoded()));
        }

        public KeyPair keyPair() {
            try {
                PrivateKey priv = KeyFactory.getInstance("EC")
                        .generatePrivate(
                                new PKCS8EncodedKeySpec(Base64.getUrlDecoder().decode(privateKey)));
                return new KeyPair(PushCrypto.publicKey(Base64.getUrlDecoder().decode(publicKey)), priv);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the stored VAPID key cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /** The {@code applicationServerKey} for {@code PushManager.subscribe}, base64url. */
    public String publicKey() {
        return B64.encodeToString(publicKey);
    }

    /**
     * {@code Authorization: vapid t=<JWT>, k=<public key>} for a push to {@code endpoint}. One token
     * per push service is signed and reused until half its lifetime has passed.
     */
    public String authorization(String endpoint, Instant now) {
        return authorizationFor(audience(endpoint), now);
    }

    /** The origin of an endpoint, the token's {@code aud}: scheme, host and the port when one is given. */
    public static String audience(String endpoint) {
        URI u = URI.create(endpoint);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** As {@link #authorization(String, Instant)} for a push service origin ({@link #audience}). */
    public String authorizationFor(String aud, Instant now) {
        Token t = tokens.get(aud);
        if (t == null || now.getEpochSecond() >= t.renewAt()) {
            if (tokens.size() > 1000) tokens.clear(); // a handful of push services in practice; never unbounded
            t = new Token(sign(aud, now), now.getEpochSecond() + TOKEN_SECONDS / 2);
            tokens.put(aud, t);
        }
        return t.header();
    }

    private record Token(String header, long renewAt) {}

    private String sign(String aud, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", aud);
        claims.put("exp", now.getEpochSecond() + TOKEN_SECONDS);
        claims.put("sub", subject);
        try {
            String signing = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + B64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format"); // r || s, as JWS wants
            es256.initSign(privateKey);
            es256.update(signing.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signing + "." + B64.encodeToString(es256.sign()) + ", k=" + publicKey();
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a VAPID token", e);
        }
    }
}
