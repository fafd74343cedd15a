package org.tryvoha.track;

import org.tryvoha.config.Config;

/**
 * The optional pre-alert from threat tracks: "threats expected within minutes",
 * for every oblast a live track can reach within {@code horizonSeconds}.
 *
 * @param enabled off by default
 * @param horizonSeconds how far ahead the pre-alert looks (longer than the threat area's own horizon is fine)
 */
public record EarlyWarning(boolean enabled, int horizonSeconds) {
    public static final int DEFAULT_HORIZON_SECONDS = 600;
    public static final EarlyWarning OFF = new EarlyWarning(false, DEFAULT_HORIZON_SECONDS);

    public static EarlyWarning from(Config.Source s) {
        return new EarlyWarning(
                s.bool("track-early-warning", false),
                s.number("track-early-warning-seconds", DEFAULT_HORIZON_SECONDS, 60, 3600));
    }
}
