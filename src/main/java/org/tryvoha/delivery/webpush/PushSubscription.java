package org.tryvoha.delivery.webpush;

import java.time.Instant;
import java.util.List;

/**
 * A browser's push subscription (the W3C Push API's {@code PushSubscription}) and what it wants.
 *
 * @param endpoint the push service URL for this browser (the subscription's identity)
 * @param p256dh the browser's P-256 public key, uncompressed
 * @param auth the browser's 16-byte auth secret
 * @param zones the zones it wants: every event that reaches one of them
 * @param drills whether exercise and test alerts are sent too
 */
public record PushSubscription(
        String endpoint, byte[] p256dh, byte[] auth, List<String> zones, boolean drills, Instant createdAt) {
    public PushSubscription {
        zones = List.copyOf(zones);
    }
}
