package org.tryvoha.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.delivery.webhook.Signature;
import org.tryvoha.delivery.webpush.PushCrypto;
import org.tryvoha.delivery.webpush.Vapid;

/** The per-recipient CPU of webhooks (one HMAC per attempt) and Web Push (one RFC 8291 encryption per browser). */
public class DeliveryCryptoBench extends MicroBench {
    byte[] event;
    byte[] browserKey;
    byte[] auth = new byte[16];
    String secret;
    Vapid vapid;

    @Setup
    public void setup() {
        event =
                ("{\"type\":\"event\",\"seq\":42,\"kind\":\"issued\",\"at\":\"2026-11-23T10:00:00Z\",\"alert\":{\"id\":\"6993d544-1c9e-4b6f-9a57-0d3c8e2f1a11\","
                                + "\"type\":\"air_raid\",\"status\":\"actual\",\"zones\":[\"UA63000000000041885\"],\"message\":{\"uk\":\"Повітряна тривога! Прямуйте в укриття.\","
                                + "\"en\":\"Air raid alert! Go to a shelter.\"},\"sender\":\"admin\",\"issued_at\":\"2026-11-23T10:00:00Z\",\"active\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
        browserKey =
                PushCrypto.uncompressed((ECPublicKey) PushCrypto.newKeyPair().getPublic());
        secret = Signature.newSecret();
        vapid = new Vapid(PushCrypto.newKeyPair(), "mailto:bench@localhost");
    }

    @Benchmark
    public String webhookSignature() {
        return Signature.sign(secret, 1_790_000_000L, ByteBuffer.wrap(event));
    }

    @Benchmark
    public byte[] pushEncrypt() {
        return PushCrypto.encrypt(event, browserKey, auth);
    }

    @Benchmark
    public String vapidHeaderCached() {
        return vapid.authorization("https://fcm.googleapis.com/fcm/send/abc", Instant.parse("2026-11-23T10:00:00Z"));
    }
}
