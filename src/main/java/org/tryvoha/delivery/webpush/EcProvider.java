package org.tryvoha.delivery.webpush;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the per-push P-256 work runs: a fresh key pair and one ECDH for every message. Conscrypt
 * (BoringSSL, native) does both in about 55 µs on this machine kind; the JDK's provider needs about
 * 900 µs. Conscrypt is used when its native library loads on this platform, else the JDK's provider
 * (the start-up log says which). Set the system property {@code tryvoha.push.jdk-ec=true} to force
 * the JDK's provider. Thread-safe.
 */
public final class EcProvider {
    private static final Logger log = LoggerFactory.getLogger(EcProvider.class);
    /** Conscrypt's provider, or null for the JDK's. */
    private static final Provider PROVIDER = load();

    private static final ThreadLocal<KeyPairGenerator> GENERATOR = ThreadLocal.withInitial(EcProvider::generator);
    /** One per thread: looking a provider's service up for every push costs more than the JNI call. */
    private static final ThreadLocal<KeyAgreement> AGREEMENT = ThreadLocal.withInitial(EcProvider::agreement);
    /** Salts: one generator per thread (the JDK's default reads /dev/urandom under one lock per call). */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(EcProvider::random);

    private EcProvider() {}

    /** {@code Conscrypt} or {@code JDK}: which provider makes the per-push keys. */
    public static String name() {
        return PROVIDER == null ? "JDK" : PROVIDER.getName();
    }

    /** A fresh P-256 key pair of this provider (one per push; a browser's in a test push service). */
    public static KeyPair newKeyPair() {
        return GENERATOR.get().generateKeyPair();
    }

    /** A browser's key for {@link #agree}; refuses anything that is not a point on P-256. */
    public static PublicKey publicKey(byte[] uncompressed) {
        PublicKey checked = PushCrypto.publicKey(uncompressed); // the curve check, in our own code
        if (PROVIDER == null) return checked;
        try {
            return KeyFactory.getInstance("EC", PROVIDER).generatePublic(PushCrypto.x509(uncompressed));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    /** The ECDH shared secret (the x coordinate, 32 bytes). */
    public static byte[] agree(KeyPair ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement ka = AGREEMENT.get();
        ka.init(ours.getPrivate());
        ka.doPhase(theirs, true);
        return ka.generateSecret();
    }

    /** {@code n} random bytes from this thread's generator. */
    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.get().nextBytes(b);
        return b;
    }

    private static SecureRandom random() {
        try {
            return PROVIDER == null ? SecureRandom.getInstance("DRBG") : SecureRandom.getInstance("SHA1PRNG", PROVIDER);
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    private static KeyAgreement agreement() {
        try {
            return PROVIDER == null ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDH", e);
        }
    }

    private static KeyPairGenerator generator() {
        try {
            KeyPairGenerator g = PROVIDER == null
                    ? KeyPairGenerator.getInstance("EC")
                    : KeyPairGenerator.getInstance("EC", PROVIDER);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key generator", e);
        }
    }

    private static Provider load() {
        if (Boolean.getBoolean("tryvoha.push.jdk-ec")) {
            log.info("Web Push encryption: the JDK's EC provider (tryvoha.push.jdk-ec=true)");
            return null;
        }
        try {
            if (!org.conscrypt.Conscrypt.isAvailable())
                throw new IllegalStateException("its native library did not load");
            Provider p = org.conscrypt.Conscrypt.newProvider();
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p); // proves the native code answers
            g.initialize(new ECGenParameterSpec("secp256r1"));
            g.generateKeyPair();
            log.info("Web Push encryption: P-256 on Conscrypt {}", org.conscrypt.Conscrypt.version());
            return p;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError: any platform without its native library
            log.warn(
                    "Web Push encryption: Conscrypt cannot load ({}); using the JDK's EC provider, ~15x slower",
                    t.toString());
            return null;
        }
    }
}
