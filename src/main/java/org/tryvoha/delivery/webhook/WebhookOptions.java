package org.tryvoha.delivery.webhook;

import picocli.CommandLine.Option;

/** The {@code serve} flags of webhook delivery; read through {@link WebhookSettings#from}. */
public final class WebhookOptions {
    @Option(
            names = "--webhook-timeout-millis",
            description = "Most time one webhook POST may take (default 5000); env TRYVOHA_WEBHOOK_TIMEOUT_MILLIS")
    Integer timeout;

    @Option(
            names = "--webhook-first-retry-millis",
            description = "Wait before the first retry, doubling after each (default 1000)")
    Integer firstRetry;

    @Option(names = "--webhook-max-retry-millis", description = "Longest wait between retries (default 60000)")
    Integer maxRetry;

    @Option(
            names = "--webhook-retry-window-seconds",
            description = "Retry an event for at most this long (default 600)")
    Integer window;

    @Option(
            names = "--webhook-disable-after",
            description = "Disable a hook after this many events in a row failed every retry (default 3)")
    Integer disableAfter;

    @Option(
            names = "--webhook-queue",
            description = "Events waiting per hook; the oldest is dropped beyond (default 1000)")
    Integer queue;

    @Option(names = "--webhook-log-keep", description = "Delivery-log rows kept per hook (default 200)")
    Integer logKeep;

    @Option(
            names = "--webhook-reload-seconds",
            description =
                    "Read registrations again from the store this often, for changes made on other nodes (default 30)")
    Integer reload;
}
