package org.tryvoha.delivery.mobile;

import picocli.CommandLine.Option;

/** The {@code serve} flags of mobile push (FCM, APNs); read through {@link MobileSettings#from}. */
public final class MobileOptions {
    @Option(
            names = "--fcm-service-account",
            description =
                    "Firebase service account JSON key file; FCM is off without it; env TRYVOHA_FCM_SERVICE_ACCOUNT")
    String fcmServiceAccount;

    @Option(names = "--fcm-url", description = "FCM HTTP v1 base URL (default https://fcm.googleapis.com)")
    String fcmUrl;

    @Option(
            names = "--fcm-topics",
            description = "true: also one message per changed zone to its topic zone_<id> (default true)")
    String fcmTopics;

    @Option(names = "--apns-key-file", description = "APNs token-auth key (.p8); APNs is off without it")
    String apnsKeyFile;

    @Option(names = "--apns-key-id", description = "The APNs key's id (the JWT kid)")
    String apnsKeyId;

    @Option(names = "--apns-team-id", description = "The Apple developer team id (the JWT iss)")
    String apnsTeamId;

    @Option(names = "--apns-topic", description = "The iOS app's bundle id (apns-topic)")
    String apnsTopic;

    @Option(names = "--apns-url", description = "APNs base URL (default https://api.push.apple.com)")
    String apnsUrl;

    @Option(names = "--mobile-concurrency", description = "Requests in flight per service (default 256)")
    Integer concurrency;

    @Option(names = "--mobile-queue", description = "Requests waiting per service (default 1000000)")
    Integer queue;

    @Option(names = "--mobile-timeout-millis", description = "Most time one request may take (default 10000)")
    Integer timeout;

    @Option(
            names = "--mobile-register-per-minute",
            description = "Device registrations one client address may make a minute, 0 for no limit (default 10)")
    Integer registerPerMinute;

    @Option(names = "--mobile-max-devices", description = "Device registrations kept at most (default 10000000)")
    Integer maxDevices;
}
