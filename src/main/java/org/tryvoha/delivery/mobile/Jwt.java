package org.tryvoha.delivery.mobile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.tryvoha.json.Json;

/** Compact JWS for the push services' authentication: RS256 (Google OAuth2) and ES256 (APNs). */
final class Jwt {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {}

    /** {@code header.claims.signature}; ES256 signs r || s (JWS), RS256 PKCS#1 v1.5. */
    static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        try {
            String signing = B64.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
            Signature s = Signature.getInstance(
                    "ES256".equals(header.get("alg")) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            s.initSign(key);
            s.update(signing.getBytes(StandardCharsets.US_ASCII));
            return signing + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a JWT: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 private key from its PEM form ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC. */
    static PrivateKey pem(String pem, String algorithm) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a PKCS#8 " + algorithm + " private key in PEM: " + e.getMessage(), e);
        }
    }
}
