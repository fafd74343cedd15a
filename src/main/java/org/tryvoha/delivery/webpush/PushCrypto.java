package org.tryvoha.delivery.webpush;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188).
 * One record: the whole message fits in one push (at most {@link #MAX_PLAINTEXT} bytes).
 *
 * <p>The per-push key pair and ECDH (P-256) run on {@link EcProvider} (Conscrypt's BoringSSL when
 * it loads, else the JDK's); HKDF (HMAC-SHA-256) and AES-128-GCM on the JDK's, whose intrinsics are
 * faster than a call into native code for such small inputs. Thread-safe: the JCA objects are kept
 * per thread.
 */
public final class PushCrypto {
    /** The most plaintext one push carries: 4096 bytes of body less the header (86), the tag (16) and the delimiter (1). */
    public static final int MAX_PLAINTEXT = 4096 - 86 - 16 - 1;

    static final int RECORD_SIZE = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECParameterSpec P256 = p256();
    private static final byte[] INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII);
    /** The DER head of an X.509 P-256 public key: what precedes the 65-byte point. */
    private static final byte[] X509_HEAD = x509Head();

    private static final ThreadLocal<Mac> HMAC =
            ThreadLocal.withInitial(() -> jca(() -> Mac.getInstance("HmacSHA256")));
    private static final ThreadLocal<Cipher> GCM =
            ThreadLocal.withInitial(() -> jca(() -> Cipher.getInstance("AES/GCM/NoPadding")));

    private PushCrypto() {}

    /** Encrypts for a browser with a fresh ephemeral key pair and salt, as every push must. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        return encrypt(plaintext, EcProvider.publicKey(uaPublic), uaPublic, authSecret);
    }

    /**
     * As {@link #encrypt(byte[], byte[], byte[])} with the browser's key already parsed for {@link
     * EcProvider} (once per subscription rather than once per push).
     */
    public static byte[] encrypt(byte[] plaintext, PublicKey uaKey, byte[] uaPublic, byte[] authSecret) {
        return encrypt(plaintext, uaKey, uaPublic, authSecret, EcProvider.newKeyPair(), EcProvider.randomBytes(16));
    }

    /**
     * The RFC 8291 steps with a given application-server key pair and salt (the RFC's Appendix A
     * example fixes both).
     *
     * @param uaPublic the browser's {@code p256dh} key, an uncompressed P-256 point (65 bytes)
     * @param authSecret the browser's {@code auth} secret (16 bytes)
     * @return the body of the push: salt, record size, key id (our public key), ciphertext
     */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair as, byte[] salt) {
        return encrypt(plaintext, EcProvider.publicKey(uaPublic), uaPublic, authSecret, as, salt);
    }

    static byte[] encrypt(
            byte[] plaintext, PublicKey uaKey, byte[] uaPublic, byte[] authSecret, KeyPair as, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT)
            throw new IllegalArgumentException("a push carries at most " + MAX_PLAINTEXT + " bytes");
        try {
            byte[] asPublic = uncompressed(as.getPublic());
            byte[] ecdhSecret = EcProvider.agree(as, uaKey);
            Mac mac = HMAC.get();
            // RFC 8291 section 3.4: combine the ECDH secret with the auth secret, then RFC 8188's key and nonce
            byte[] prkKey = hmac(mac, authSecret, ecdhSecret);
            mac.init(new SecretKeySpec(prkKey, "HmacSHA256"));
            mac.update(INFO);
            mac.update(uaPublic);
            mac.update(asPublic);
            mac.update((byte) 1);
            byte[] ikm = mac.doFinal();
            byte[] prk = hmac(mac, salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(mac, prk, CEK_INFO), 16);
            byte[] nonce = Arrays.copyOf(hmac(mac, prk, NONCE_INFO), 12);
            Cipher gcm = GCM.get();
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            int head = 16 + 4 + 1 + asPublic.length;
            byte[] body = new byte[head + plaintext.length + 1 + 16];
            ByteBuffer.wrap(body)
                    .put(salt)
                    .putInt(RECORD_SIZE)
                    .put((byte) asPublic.length)
                    .put(asPublic);
            int n = gcm.update(plaintext, 0, plaintext.length, body, head);
            gcm.doFinal(new byte[] {2}, 0, 1, body, head + n); // 2: the last record, no padding
            return body;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encrypt for this subscription: " + e.getMessage(), e);
        }
    }

    /** A P-256 key pair of the JDK's provider (VAPID keys, tests). */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    /** A P-256 public key from its uncompressed form; refuses anything that is not a point on the curve. */
    public static ECPublicKey publicKey(byte[] uncompressed) {
        if (uncompressed.length != 65 || uncompressed[0] != 4)
            throw new IllegalArgumentException("not an uncompressed P-256 point (65 bytes, 0x04 first)");
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65));
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3)
                .add(P256.getCurve().getA().multiply(x))
                .add(P256.getCurve().getB())
                .mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.pow(2).mod(p).equals(rhs))
            throw new IllegalArgumentException("not a point on P-256");
        try {
            return (ECPublicKey)
                    KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    /** A P-256 private key from its 32-byte scalar. */
    public static ECPrivateKey privateKey(byte[] d) {
        try {
            return (ECPrivateKey)
                    KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
        }
    }

    /** The key pair of a private scalar (its public point computed from it). */
    public static KeyPair keyPair(byte[] d, byte[] uncompressedPublic) {
        return new KeyPair(publicKey(uncompressedPublic), privateKey(d));
    }

    /** 0x04 || x || y, each coordinate 32 bytes. */
    public static byte[] uncompressed(ECPublicKey k) {
        return concat(
                new byte[] {4}, fixed(k.getW().getAffineX()), fixed(k.getW().getAffineY()));
    }

    /** As {@link #uncompressed(ECPublicKey)} for any provider's P-256 key, from its X.509 form (no big numbers). */
    public static byte[] uncompressed(PublicKey k) {
        byte[] der = k.getEncoded();
        if (der.length == X509_HEAD.length + 65
                && Arrays.equals(der, 0, X509_HEAD.length, X509_HEAD, 0, X509_HEAD.length))
            return Arrays.copyOfRange(der, X509_HEAD.length, der.length);
        return uncompressed((ECPublicKey) k); // another (valid) encoding, e.g. with explicit parameters
    }

    /** The X.509 (SubjectPublicKeyInfo) form of an uncompressed point, for a provider's key factory. */
    static X509EncodedKeySpec x509(byte[] uncompressed) {
        return new X509EncodedKeySpec(concat(X509_HEAD, uncompressed));
    }

    public static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        return hmac(HMAC.get(), key, data);
    }

    private static byte[] hmac(Mac mac, byte[] key, byte[] data) throws GeneralSecurityException {
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length == 32) return b;
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private interface Jca<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T jca(Jca<T> f) {
        try {
            return f.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA-256 or AES-GCM", e);
        }
    }

    private static byte[] x509Head() {
        byte[] der = newKeyPair().getPublic().getEncoded();
        return Arrays.copyOf(der, der.length - 65);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters a = AlgorithmParameters.getInstance("EC");
            a.init(new ECGenParameterSpec("secp256r1"));
            return a.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }
}
