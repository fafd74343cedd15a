package org.tryvoha.jmh;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.delivery.webpush.EcProvider;
import org.tryvoha.delivery.webpush.PushCrypto;
import org.tryvoha.delivery.webpush.Vapid;

/**
 * One Web Push broken into its steps, each as the sender does it: a fresh P-256 key pair and one
 * ECDH (the JDK's provider and {@link EcProvider}, Conscrypt when it loads), the HKDF of RFC 8291
 * (five HMAC-SHA-256), AES-128-GCM of one event, the salt, the VAPID token (signed, and reused), and
 * the whole encryption. The HTTP/2 request is measured end to end by {@code bench push}.
 */
public class PushStepsBench extends MicroBench {
    byte[] event =
            ("{\"type\":\"event\",\"seq\":42,\"kind\":\"issued\",\"at\":\"2026-11-23T10:00:00Z\",\"alert\":{\"id\":"
                            + "\"6993d544-1c9e-4b6f-9a57-0d3c8e2f1a11\",\"type\":\"air_raid\",\"status\":\"actual\",\"zones\":"
                            + "[\"UA63000000000041885\"],\"message\":{\"uk\":\"Повітряна тривога! Прямуйте в укриття.\",\"en\":"
                            + "\"Air raid alert! Go to a shelter.\"},\"sender\":\"admin\",\"issued_at\":\"2026-11-23T10:00:00Z\",\"active\":true}}")
                    .getBytes(StandardCharsets.UTF_8);
    byte[] browserPublic;
    byte[] auth = new byte[16];
    PublicKey browserJdk, browserFast;
    KeyPair ours, oursFast;
    KeyPairGenerator jdkGenerator;
    Vapid vapid;
    KeyPair vapidKeys;
    byte[] key32 = new byte[32];
    SecureRandom jdkRandom = new SecureRandom();

    @Setup
    public void setup() throws Exception {
        KeyPair browser = PushCrypto.newKeyPair();
        browserPublic = PushCrypto.uncompressed(browser.getPublic());
        browserJdk = PushCrypto.publicKey(browserPublic);
        browserFast = EcProvider.publicKey(browserPublic);
        jdkGenerator = KeyPairGenerator.getInstance("EC");
        jdkGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ours = jdkGenerator.generateKeyPair();
        oursFast = EcProvider.newKeyPair();
        vapidKeys = PushCrypto.newKeyPair();
        vapid = new Vapid(vapidKeys, "mailto:bench@localhost");
    }

    @Benchmark
    public KeyPair keyPairJdk() {
        return jdkGenerator.generateKeyPair();
    }

    @Benchmark
    public KeyPair keyPairFast() {
        return EcProvider.newKeyPair();
    }

    @Benchmark
    public byte[] ecdhJdk() throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(ours.getPrivate());
        ka.doPhase(browserJdk, true);
        return ka.generateSecret();
    }

    @Benchmark
    public byte[] ecdhFast() throws Exception {
        return EcProvider.agree(oursFast, browserFast);
    }

    @Benchmark
    public byte[] hkdfFiveHmacs() throws Exception {
        return fiveHmacs(Mac.getInstance("HmacSHA256"));
    }

    private byte[] fiveHmacs(Mac mac) throws Exception {
        byte[] k = key32;
        for (int i = 0; i < 5; i++) {
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            k = mac.doFinal(browserPublic);
        }
        return k;
    }

    @Benchmark
    public byte[] aesGcm() throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, 0, 16, "AES"), new GCMParameterSpec(128, key32, 0, 12));
        return gcm.doFinal(event);
    }

    java.security.Provider conscrypt = org.conscrypt.Conscrypt.newProvider();

    @Benchmark
    public byte[] aesGcmConscrypt() throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", conscrypt);
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, 0, 16, "AES"), new GCMParameterSpec(128, key32, 0, 12));
        return gcm.doFinal(event);
    }

    Cipher reusedGcm;

    @Benchmark
    public byte[] aesGcmReusedCipher() throws Exception {
        if (reusedGcm == null) reusedGcm = Cipher.getInstance("AES/GCM/NoPadding");
        key32[0]++; // GCM refuses a key and nonce used before
        reusedGcm.init(
                Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, 0, 16, "AES"), new GCMParameterSpec(128, key32, 0, 12));
        return reusedGcm.doFinal(event);
    }

    Cipher reusedConscrypt;

    @Benchmark
    public byte[] aesGcmConscryptReused() throws Exception {
        if (reusedConscrypt == null) reusedConscrypt = Cipher.getInstance("AES/GCM/NoPadding", conscrypt);
        key32[0]++;
        reusedConscrypt.init(
                Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, 0, 16, "AES"), new GCMParameterSpec(128, key32, 0, 12));
        return reusedConscrypt.doFinal(event);
    }

    @Benchmark
    public byte[] hkdfFiveHmacsConscrypt() throws Exception {
        return fiveHmacs(Mac.getInstance("HmacSHA256", conscrypt));
    }

    @Benchmark
    public byte[] publicKeyEncoding() {
        return PushCrypto.uncompressed(oursFast.getPublic());
    }

    @Benchmark
    public byte[] saltJdkDefault() {
        byte[] b = new byte[16];
        jdkRandom.nextBytes(b);
        return b;
    }

    @Benchmark
    public String vapidTokenSigned() {
        return new Vapid(vapidKeys, "mailto:bench@localhost").authorizationFor("https://push.example", Instant.now());
    }

    @Benchmark
    public String vapidTokenReused() {
        return vapid.authorizationFor("https://push.example", Instant.now());
    }

    /** The whole RFC 8291 encryption as the sender runs it (the browser's key parsed once per subscription). */
    @Benchmark
    public byte[] encryptWhole() {
        return PushCrypto.encrypt(event, browserFast, browserPublic, auth);
    }
}
