package org.tryvoha.delivery.mobile;

import java.time.Instant;
import java.util.List;

/**
 * A mobile app's registration: its push token on one platform and the zones it wants.
 *
 * @param platform {@code fcm} (Firebase Cloud Messaging) or {@code apns} (Apple)
 * @param token the registration token (FCM) or device token (APNs, hex)
 * @param zones every event that reaches one of them is pushed
 * @param drills whether exercise and test alerts are pushed too (opt-in)
 */
public record Device(String platform, String token, List<String> zones, boolean drills, Instant createdAt) {
    public static final String FCM = "fcm", APNS = "apns";

    public Device {
        zones = List.copyOf(zones);
    }

    /** The key of a registration: platform and token. */
    public String key() {
        return platform + ":" + token;
    }
}
