package org.tryvoha.delivery.webpush;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The browser's side of RFC 8291: its key pair and auth secret, and decryption of what a push service hands it. */
record Browser(KeyPair keys, byte[] auth) {
    static Browser create() {
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        return new Browser(PushCrypto.newKeyPair(), auth);
    }

    byte[] publicKey() {
        return PushCrypto.uncompressed((ECPublicKey) keys.getPublic());
    }

    /** Decrypts an aes128gcm body of one record; throws when it does not authenticate. */
    byte[] decrypt(byte[] body) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        b.get(salt);
        int rs = b.getInt();
        byte[] asPublic = new byte[b.get()];
        b.get(asPublic);
        byte[] sealed = new byte[b.remaining()];
        b.get(sealed);
        if (sealed.length > rs) throw new IllegalArgumentException("more than one record");
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(keys.getPrivate());
        ka.doPhase(PushCrypto.publicKey(asPublic), true);
        byte[] prkKey = PushCrypto.hmac(auth, ka.generateSecret());
        byte[] ikm = PushCrypto.hmac(
                prkKey,
                PushCrypto.concat(
                        "WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicKey(), asPublic, new byte[] {1}));
        byte[] prk = PushCrypto.hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(
                PushCrypto.hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
        byte[] nonce = Arrays.copyOf(
                PushCrypto.hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = gcm.doFinal(sealed);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) end--;
        if (end < 0 || padded[end] != 2) throw new IllegalArgumentException("no last-record delimiter");
        return Arrays.copyOf(padded, end);
    }
}
