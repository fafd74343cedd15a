package org.tryvoha.delivery.webpush;

import org.tryvoha.config.Config;

/**
 * Web Push settings.
 *
 * @param subject the VAPID {@code sub} claim: a mailto: or https: contact for push services
 * @param ttlSeconds how long a push service keeps a message for an offline browser
 * @param timeoutMillis the most one request to a push service may take
 * @param maxSubscriptions subscriptions kept at most; beyond, new ones are refused (503)
 * @param concurrency pushes in flight (being encrypted, or sent and not yet answered) per push service
 * @param queue pushes waiting per push service; beyond, the oldest is dropped (counted), drills first
 * @param connections HTTP/2 connections per push service at most (each multiplexes many pushes)
 * @param cryptoThreads threads that encrypt pushes (0: one per core)
 * @param allowHttp accept {@code http://} push endpoints (tests, a local push service); real ones are https
 * @param subscribePerMinute subscription requests one client address may make a minute (0: no limit)
 * @param shareBuckets shares one event's pushes are cut into in a cluster (by endpoint hash); the same on every node
 * @param shareAckWaitSeconds how long a share may go without a sign of life from its node before another takes it
 * @param shareResyncSeconds how often a cluster node compares its subscriptions with the shared store
 */
public record WebPushSettings(
        String subject,
        int ttlSeconds,
        int timeoutMillis,
        int maxSubscriptions,
        int concurrency,
        int queue,
        int connections,
        int cryptoThreads,
        boolean allowHttp,
        int subscribePerMinute,
        int shareBuckets,
        int shareAckWaitSeconds,
        int shareResyncSeconds) {
    public static final String DEFAULT_SUBJECT = "mailto:admin@localhost";
    public static final int DEFAULT_TTL_SECONDS = 1800;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1_000_000;
    public static final int DEFAULT_CONCURRENCY = 1024;
    public static final int DEFAULT_QUEUE = 1_000_000;
    public static final int DEFAULT_CONNECTIONS = 4;
    public static final int DEFAULT_CRYPTO_THREADS = 0;
    public static final int DEFAULT_SUBSCRIBE_PER_MINUTE = 10;
    public static final int DEFAULT_SHARE_BUCKETS = 64;
    public static final int DEFAULT_SHARE_ACK_WAIT_SECONDS = 10;
    public static final int DEFAULT_SHARE_RESYNC_SECONDS = 60;

    public WebPushSettings {
        if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "push-subject must be a mailto: or https: contact (RFC 8292), got '" + subject + "'");
        }
    }

    /** The encryption threads: {@code push-crypto-threads}, or one per core when 0. */
    public int cryptoThreadCount() {
        return cryptoThreads > 0 ? cryptoThreads : Runtime.getRuntime().availableProcessors();
    }

    public static WebPushSettings from(Config.Source s) {
        return new WebPushSettings(
                s.text("push-subject", DEFAULT_SUBJECT),
                s.number("push-ttl-seconds", DEFAULT_TTL_SECONDS, 0, 28 * 86_400),
                s.number("push-timeout-millis", DEFAULT_TIMEOUT_MILLIS, 100, 120_000),
                s.number("push-max-subscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 0, 100_000_000),
                s.number("push-concurrency", DEFAULT_CONCURRENCY, 1, 10_000),
                s.number("push-queue", DEFAULT_QUEUE, 1, 100_000_000),
                s.number("push-connections", DEFAULT_CONNECTIONS, 1, 64),
                s.number("push-crypto-threads", DEFAULT_CRYPTO_THREADS, 0, 256),
                s.bool("push-allow-http", false),
                s.number("push-subscribe-per-minute", DEFAULT_SUBSCRIBE_PER_MINUTE, 0, 1_000_000),
                s.number("push-share-buckets", DEFAULT_SHARE_BUCKETS, 1, 4096),
                s.number("push-share-ack-wait-seconds", DEFAULT_SHARE_ACK_WAIT_SECONDS, 1, 600),
                s.number("push-share-resync-seconds", DEFAULT_SHARE_RESYNC_SECONDS, 1, 86_400));
    }
}
