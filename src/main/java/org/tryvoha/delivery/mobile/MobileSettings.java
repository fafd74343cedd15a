package org.tryvoha.delivery.mobile;

import org.tryvoha.config.Config;

/**
 * Mobile push settings. FCM is on when {@code fcmServiceAccount} names a file, APNs when {@code
 * apnsKeyFile} does.
 *
 * @param fcmServiceAccount the Firebase service account's JSON key file (project_id, client_email, private_key, token_uri)
 * @param fcmUrl where FCM HTTP v1 is ({@code https://fcm.googleapis.com}; a local receiver in tests)
 * @param fcmTopics also push one message per changed zone to the zone's topic ({@code zone_<id>})
 * @param apnsKeyFile the APNs token-auth key ({@code AuthKey_XXXX.p8})
 * @param apnsKeyId the key's id (10 characters), the JWT's {@code kid}
 * @param apnsTeamId the Apple team id, the JWT's {@code iss}
 * @param apnsTopic the app's bundle id ({@code apns-topic})
 * @param apnsUrl {@code https://api.push.apple.com} (or {@code https://api.sandbox.push.apple.com})
 * @param concurrency requests in flight per service
 * @param queue requests waiting per service; beyond, the oldest is dropped (counted), drills first
 * @param timeoutMillis most time one request may take
 * @param registerPerMinute registrations one client address may make a minute (0: no limit)
 * @param maxDevices registrations kept at most
 */
public record MobileSettings(
        String fcmServiceAccount,
        String fcmUrl,
        boolean fcmTopics,
        String apnsKeyFile,
        String apnsKeyId,
        String apnsTeamId,
        String apnsTopic,
        String apnsUrl,
        int concurrency,
        int queue,
        int timeoutMillis,
        int registerPerMinute,
        int maxDevices) {
    public static final String DEFAULT_FCM_URL = "https://fcm.googleapis.com";
    public static final String DEFAULT_APNS_URL = "https://api.push.apple.com";
    public static final int DEFAULT_CONCURRENCY = 256;
    public static final int DEFAULT_QUEUE = 1_000_000;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_REGISTER_PER_MINUTE = 10;
    public static final int DEFAULT_MAX_DEVICES = 10_000_000;

    public MobileSettings {
        if (!apnsKeyFile.isEmpty() && (apnsKeyId.isEmpty() || apnsTeamId.isEmpty() || apnsTopic.isEmpty()))
            throw new IllegalArgumentException(
                    "apns-key-file needs apns-key-id, apns-team-id and apns-topic (the app's bundle id) as well");
    }

    public boolean fcm() {
        return !fcmServiceAccount.isEmpty();
    }

    public boolean apns() {
        return !apnsKeyFile.isEmpty();
    }

    public static MobileSettings from(Config.Source s) {
        return new MobileSettings(
                s.text("fcm-service-account", ""),
                s.text("fcm-url", DEFAULT_FCM_URL),
                s.bool("fcm-topics", true),
                s.text("apns-key-file", ""),
                s.text("apns-key-id", ""),
                s.text("apns-team-id", ""),
                s.text("apns-topic", ""),
                s.text("apns-url", DEFAULT_APNS_URL),
                s.number("mobile-concurrency", DEFAULT_CONCURRENCY, 1, 10_000),
                s.number("mobile-queue", DEFAULT_QUEUE, 1, 100_000_000),
                s.number("mobile-timeout-millis", DEFAULT_TIMEOUT_MILLIS, 100, 120_000),
                s.number("mobile-register-per-minute", DEFAULT_REGISTER_PER_MINUTE, 0, 1_000_000),
                s.number("mobile-max-devices", DEFAULT_MAX_DEVICES, 0, 100_000_000));
    }
}
