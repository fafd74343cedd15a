package org.tryvoha.track;

import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of the track feed, read by their long names through {@link
 * org.tryvoha.config.Config.Source} by {@link TrackSettings#from}, {@link EarlyWarning#from} and
 * {@link TrackNats.Settings#from}. Fields only; picocli fills them.
 */
public final class TrackOptions {
    @Option(
            names = "--track-feed-principal",
            description =
                    "The operator account (id or name) the track feed's automatic alerts act as; they reach only its"
                            + " scope (default: whoever sent the track's reports); env TRYVOHA_TRACK_FEED_PRINCIPAL")
    String feedPrincipal;

    @Option(
            names = "--track-max-age-seconds",
            description = "Track reports older than this are stale (default 30); env TRYVOHA_TRACK_MAX_AGE_SECONDS")
    Integer maxAge;

    @Option(
            names = "--track-horizon-seconds",
            description =
                    "The farthest ahead a threat area may reach; it stops sooner where no zone can come due (default 300); env TRYVOHA_TRACK_HORIZON_SECONDS")
    Integer horizon;

    @Option(
            names = "--track-delivery-seconds",
            description = "Expected delivery time of a warning (default 3); env TRYVOHA_TRACK_DELIVERY_SECONDS")
    Integer delivery;

    @Option(
            names = "--track-margin-seconds",
            description = "Warning time on top of the time to shelter (default 15); env TRYVOHA_TRACK_MARGIN_SECONDS")
    Integer margin;

    @Option(
            names = "--track-hold-seconds",
            description =
                    "A zone stays warned this long after the threat left it (default 60); env TRYVOHA_TRACK_HOLD_SECONDS")
    Integer hold;

    @Option(
            names = "--track-lost-seconds",
            description = "A track silent this long is lost (default 30); env TRYVOHA_TRACK_LOST_SECONDS")
    Integer lost;

    @Option(
            names = "--track-batch-max",
            description = "Most reports in one POST /api/v1/tracks (default 1000); env TRYVOHA_TRACK_BATCH_MAX")
    Integer batchMax;

    @Option(names = "--track-mode", description = "automatic (default) or confirm; env TRYVOHA_TRACK_MODE")
    String mode;

    @Option(
            names = "--track-confirm-deadline-seconds",
            description =
                    "Unconfirmed proposals go out after this, 0 = never (default 0); env TRYVOHA_TRACK_CONFIRM_DEADLINE_SECONDS")
    Integer confirmDeadline;

    @Option(
            names = "--track-early-warning",
            arity = "0..1",
            fallbackValue = "true",
            description =
                    "Pre-alert (\"threats expected within minutes\") for the oblasts a track can reach (default false); env TRYVOHA_TRACK_EARLY_WARNING")
    Boolean earlyWarning;

    @Option(
            names = "--track-early-warning-seconds",
            description = "How far ahead the pre-alert looks (default 600); env TRYVOHA_TRACK_EARLY_WARNING_SECONDS")
    Integer earlyWarningSeconds;

    @Option(
            names = "--track-nats-subject",
            description =
                    "Also take track report batches from this NATS subject (off unless set), e.g. tryvoha.tracks; env TRYVOHA_TRACK_NATS_SUBJECT")
    String natsSubject;

    @Option(
            names = "--track-nats-url",
            description =
                    "The NATS server of the track subject (default nats://127.0.0.1:4222); env TRYVOHA_TRACK_NATS_URL")
    String natsUrl;

    @Option(
            names = "--track-nats-creds",
            description = "A NATS credentials file for that connection (optional); env TRYVOHA_TRACK_NATS_CREDS")
    String natsCreds;
}
