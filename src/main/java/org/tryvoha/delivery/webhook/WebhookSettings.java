package org.tryvoha.delivery.webhook;

import org.tryvoha.config.Config;

/**
 * Webhook delivery settings.
 *
 * @param timeoutMillis the most one POST may take, connect to last byte
 * @param firstRetryMillis wait before the first retry; it doubles after each failed attempt ...
 * @param maxRetryMillis ... up to this
 * @param retryWindowSeconds an event is retried for at most this long after its first attempt
 * @param disableAfter a hook is disabled after this many events in a row that failed every retry
 * @param queue events waiting per hook; on overflow the oldest is dropped (and logged)
 * @param logKeep delivery-log rows kept per hook (the newest)
 * @param reloadSeconds how often the registrations are read again from the store (changes made through other nodes)
 */
public record WebhookSettings(
        int timeoutMillis,
        int firstRetryMillis,
        int maxRetryMillis,
        int retryWindowSeconds,
        int disableAfter,
        int queue,
        int logKeep,
        int reloadSeconds) {
    public static final int DEFAULT_TIMEOUT_MILLIS = 5_000;
    public static final int DEFAULT_FIRST_RETRY_MILLIS = 1_000;
    public static final int DEFAULT_MAX_RETRY_MILLIS = 60_000;
    public static final int DEFAULT_RETRY_WINDOW_SECONDS = 600;
    public static final int DEFAULT_DISABLE_AFTER = 3;
    public static final int DEFAULT_QUEUE = 1_000;
    public static final int DEFAULT_LOG_KEEP = 200;
    public static final int DEFAULT_RELOAD_SECONDS = 30;

    public static WebhookSettings defaults() {
        return new WebhookSettings(
                DEFAULT_TIMEOUT_MILLIS,
                DEFAULT_FIRST_RETRY_MILLIS,
                DEFAULT_MAX_RETRY_MILLIS,
                DEFAULT_RETRY_WINDOW_SECONDS,
                DEFAULT_DISABLE_AFTER,
                DEFAULT_QUEUE,
                DEFAULT_LOG_KEEP,
                DEFAULT_RELOAD_SECONDS);
    }

    public static WebhookSettings from(Config.Source s) {
        return new WebhookSettings(
                s.number("webhook-timeout-millis", DEFAULT_TIMEOUT_MILLIS, 100, 120_000),
                s.number("webhook-first-retry-millis", DEFAULT_FIRST_RETRY_MILLIS, 10, 3_600_000),
                s.number("webhook-max-retry-millis", DEFAULT_MAX_RETRY_MILLIS, 10, 3_600_000),
                s.number("webhook-retry-window-seconds", DEFAULT_RETRY_WINDOW_SECONDS, 0, 7 * 86_400),
                s.number("webhook-disable-after", DEFAULT_DISABLE_AFTER, 1, 1_000),
                s.number("webhook-queue", DEFAULT_QUEUE, 1, 1_000_000),
                s.number("webhook-log-keep", DEFAULT_LOG_KEEP, 1, 100_000),
                s.number("webhook-reload-seconds", DEFAULT_RELOAD_SECONDS, 1, 86_400));
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public long backoffMillis(int retry) {
        long d = (long) firstRetryMillis << Math.min(retry - 1, 30);
        return Math.min(d, maxRetryMillis);
    }
}
