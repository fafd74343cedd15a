package org.tryvoha.track;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tryvoha.config.Config;
import org.tryvoha.zone.Zone;

/**
 * Settings of the track engine, read by name like every other setting (default
 * constant, {@code TRYVOHA_TRACK_*}, {@code --track-*} in {@link TrackOptions}, sample line).
 *
 * @param maxAgeSeconds reports older than this (against the server clock) are stale and dropped
 * @param horizonSeconds the farthest ahead a threat area may reach (it stops sooner where no zone can come due)
 * @param deliverySeconds expected time from the decision to the warning on people's devices
 * @param marginSeconds extra warning time on top of each zone's time to shelter
 * @param holdSeconds how long a zone stays warned after the threat's area left it or the track ended
 * @param lostSeconds a track silent this long is treated as lost
 * @param batchMax most reports in one POST
 * @param defaultMode whether warnings go out by themselves or wait for an operator's confirmation
 * @param modes per region: zone id → mode for that zone and everything inside it (the deepest wins)
 * @param confirmDeadlineSeconds a proposal not confirmed within this goes out by itself; 0 = never
 * @param feedPrincipal the operator account (id or name) the feed's automatic alerts are made as: they
 *     reach only its zones and types; null = whoever sent the track's reports (or confirmed it)
 */
public record TrackSettings(
        int maxAgeSeconds,
        int horizonSeconds,
        int deliverySeconds,
        int marginSeconds,
        int holdSeconds,
        int lostSeconds,
        int batchMax,
        Mode defaultMode,
        Map<String, Mode> modes,
        int confirmDeadlineSeconds,
        String feedPrincipal) {

    public static final int DEFAULT_MAX_AGE_SECONDS = 30;
    public static final int DEFAULT_HORIZON_SECONDS = 300;
    public static final int DEFAULT_DELIVERY_SECONDS = 3;
    public static final int DEFAULT_MARGIN_SECONDS = 15;
    public static final int DEFAULT_HOLD_SECONDS = 60;
    public static final int DEFAULT_LOST_SECONDS = 30;
    public static final int DEFAULT_BATCH_MAX = 1000;
    public static final Mode DEFAULT_MODE = Mode.AUTOMATIC;
    public static final int DEFAULT_CONFIRM_DEADLINE_SECONDS = 0;

    public TrackSettings {
        modes = Map.copyOf(modes);
        feedPrincipal = feedPrincipal == null || feedPrincipal.isBlank() ? null : feedPrincipal.strip();
    }

    /** Without a named feed principal: automatic alerts are made as the sender of the reports. */
    public TrackSettings(
            int maxAgeSeconds,
            int horizonSeconds,
            int deliverySeconds,
            int marginSeconds,
            int holdSeconds,
            int lostSeconds,
            int batchMax,
            Mode defaultMode,
            Map<String, Mode> modes,
            int confirmDeadlineSeconds) {
        this(
                maxAgeSeconds,
                horizonSeconds,
                deliverySeconds,
                marginSeconds,
                holdSeconds,
                lostSeconds,
                batchMax,
                defaultMode,
                modes,
                confirmDeadlineSeconds,
                null);
    }

    public static TrackSettings defaults() {
        return new TrackSettings(
                DEFAULT_MAX_AGE_SECONDS,
                DEFAULT_HORIZON_SECONDS,
                DEFAULT_DELIVERY_SECONDS,
                DEFAULT_MARGIN_SECONDS,
                DEFAULT_HOLD_SECONDS,
                DEFAULT_LOST_SECONDS,
                DEFAULT_BATCH_MAX,
                DEFAULT_MODE,
                Map.of(),
                DEFAULT_CONFIRM_DEADLINE_SECONDS);
    }

    /** The {@code track-*} settings; per-region modes only in the file: {@code track-mode.subtree.<ZONE_ID> = automatic|confirm}. */
    public static TrackSettings from(Config.Source s) {
        Map<String, Mode> modes = new HashMap<>();
        s.prefixed("track-mode.subtree.").forEach((zone, mode) -> modes.put(zone, Mode.parse(mode)));
        return new TrackSettings(
                s.number("track-max-age-seconds", DEFAULT_MAX_AGE_SECONDS, 1, 3600),
                s.number("track-horizon-seconds", DEFAULT_HORIZON_SECONDS, 10, 3600),
                s.number("track-delivery-seconds", DEFAULT_DELIVERY_SECONDS, 0, 300),
                s.number("track-margin-seconds", DEFAULT_MARGIN_SECONDS, 0, 3600),
                s.number("track-hold-seconds", DEFAULT_HOLD_SECONDS, 0, 86400),
                s.number("track-lost-seconds", DEFAULT_LOST_SECONDS, 1, 3600),
                s.number("track-batch-max", DEFAULT_BATCH_MAX, 1, 100_000),
                Mode.parse(s.text("track-mode", DEFAULT_MODE.wire())),
                modes,
                s.number("track-confirm-deadline-seconds", DEFAULT_CONFIRM_DEADLINE_SECONDS, 0, 3600),
                s.text("track-feed-principal", null));
    }

    /** The mode of a zone: the rule of the deepest zone on its chain, else the default. */
    public Mode modeFor(Zone zone) {
        for (Zone z = zone; z != null; z = z.parent()) {
            Mode m = modes.get(z.id());
            if (m != null) return m;
        }
        return defaultMode;
    }

    /** How warnings from tracks go out in a region. */
    public enum Mode {
        /** at once, by the engine */
        AUTOMATIC,
        /** proposed; an operator confirms with one click (or the deadline passes) */
        CONFIRM;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.wire().equals(s)) return m;
            throw new IllegalArgumentException("unknown track mode '" + s + "'; one of: automatic, confirm");
        }
    }
}
