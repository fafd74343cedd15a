package org.tryvoha.delivery.webpush;

import picocli.CommandLine.Option;

/** The {@code serve} flags of Web Push; read through {@link WebPushSettings#from}. */
public final class WebPushOptions {
    @Option(
            names = "--push-subject",
            description = "VAPID contact, mailto: or https: (default mailto:admin@localhost); env TRYVOHA_PUSH_SUBJECT")
    String subject;

    @Option(
            names = "--push-ttl-seconds",
            description = "How long push services keep a message for an offline browser (default 1800)")
    Integer ttl;

    @Option(
            names = "--push-timeout-millis",
            description = "Most time one request to a push service may take (default 10000)")
    Integer timeout;

    @Option(names = "--push-max-subscriptions", description = "Push subscriptions kept at most (default 1000000)")
    Integer max;

    @Option(names = "--push-concurrency", description = "Pushes in flight per push service (default 1024)")
    Integer concurrency;

    @Option(
            names = "--push-queue",
            description =
                    "Pushes waiting per push service; the oldest is dropped beyond, drills first (default 1000000)")
    Integer queue;

    @Option(names = "--push-connections", description = "HTTP/2 connections per push service at most (default 4)")
    Integer connections;

    @Option(
            names = "--push-crypto-threads",
            description = "Threads that encrypt pushes, 0 for one per core (default 0)")
    Integer cryptoThreads;

    @Option(
            names = "--push-allow-http",
            description = "true: accept http:// push endpoints (tests with a local push service only; default false)")
    String allowHttp;

    @Option(
            names = "--push-subscribe-per-minute",
            description = "Subscription requests one client address may make a minute, 0 for no limit (default 10)")
    Integer subscribePerMinute;

    @Option(
            names = "--push-share-buckets",
            description = "Cluster: shares one event's pushes are cut into, the same on every node (default 64)")
    Integer shareBuckets;

    @Option(
            names = "--push-share-ack-wait-seconds",
            description = "Cluster: seconds before a dead node's unfinished push share goes to another (default 10)")
    Integer shareAckWait;

    @Option(
            names = "--push-share-resync-seconds",
            description = "Cluster: how often a node compares its push subscriptions with the store (default 60)")
    Integer shareResync;
}
