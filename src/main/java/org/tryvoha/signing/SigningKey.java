package org.tryvoha.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One Ed25519 event-signing key (the JDK's own Ed25519): its id, the raw 32-byte public key as
 * published, and, for the key a node signs with, the private key. Immutable.
 *
 * @param keyId {@code ed25519-} and the first 16 hex digits of the SHA-256 of the raw public key
 * @param privateKey null for a published key this node cannot sign with
 * @param retiredAt null while the key signs new events; retired keys stay published so their
 *     signatures stay verifiable
 */
public record SigningKey(String keyId, byte[] rawPublic, PrivateKey privateKey, Instant createdAt, Instant retiredAt) {
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public static SigningKey generate(Instant now) {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(idOf(raw(pair.getPublic())), raw(pair.getPublic()), pair.getPrivate(), now, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** A key from its PKCS#8 private form; the public half is derived from it. */
    public static SigningKey fromPrivate(byte[] pkcs8, Instant createdAt, Instant retiredAt) {
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            byte[] pub = PublicOf.derive(priv);
            return new SigningKey(idOf(pub), pub, priv, createdAt, retiredAt);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 form: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return publicKey(rawPublic);
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32)
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + raw.length);
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public String publicBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublic);
    }

    public SigningKey retired(Instant at) {
        return new SigningKey(keyId, rawPublic, privateKey, createdAt, at);
    }

    static byte[] raw(PublicKey k) {
        byte[] der = k.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    static String idOf(byte[] raw) {
        try {
            return "ed25519-"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + (privateKey == null ? "" : ", private key ***") + ", created " + createdAt
                + (retiredAt == null ? "" : ", retired " + retiredAt) + "]";
    }

    /** The JDK derives no public key from an EdDSA private key; signing a probe and checking is not enough, so recompute it. */
    private static final class PublicOf {
        static byte[] derive(PrivateKey priv) throws GeneralSecurityException {
            // the PKCS#8 form of the JDK may carry the public key (v2); else derive via a fresh KeyPairGenerator seeded
            // with the private bytes
            var edPriv = (EdECPrivateKey) priv;
            byte[] seed =
                    edPriv.getBytes().orElseThrow(() -> new GeneralSecurityException("the private key has no bytes"));
            var gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            var pair = gen.generateKeyPair();
            if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
                throw new GeneralSecurityException("could not derive the public key");
            }
            return raw(pair.getPublic());
        }
    }

    /** Hands out the given seed as the "random" bytes: Ed25519 key generation uses exactly 32 of them as the private key. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
