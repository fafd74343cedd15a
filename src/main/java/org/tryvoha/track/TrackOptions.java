package org.tryvoha.track;

import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of the track feed added after the settings moved to {@link
 * org.tryvoha.config.Config.Source}: read by their long names by {@link EarlyWarning#from} and
 * {@link TrackNats.Settings#from}. Fields only; picocli fills them.
 */
public final class TrackOptions {
  @Option(names = "--track-early-warning", arity = "0..1", fallbackValue = "true",
      description = "Pre-alert (\"threats expected within minutes\") for the oblasts a track can reach (default false); env TRYVOHA_TRACK_EARLY_WARNING")
  Boolean earlyWarning;

  @Option(names = "--track-early-warning-seconds",
      description = "How far ahead the pre-alert looks (default 600); env TRYVOHA_TRACK_EARLY_WARNING_SECONDS")
  Integer earlyWarningSeconds;

  @Option(names = "--track-nats-subject",
      description = "Also take track report batches from this NATS subject (off unless set), e.g. tryvoha.tracks; env TRYVOHA_TRACK_NATS_SUBJECT")
  String natsSubject;

  @Option(names = "--track-nats-url",
      description = "The NATS server of the track subject (default nats://127.0.0.1:4222); env TRYVOHA_TRACK_NATS_URL")
  String natsUrl;

  @Option(names = "--track-nats-creds",
      description = "A NATS credentials file for that connection (optional); env TRYVOHA_TRACK_NATS_CREDS")
  String natsCreds;
}
