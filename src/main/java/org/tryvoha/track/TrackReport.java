package org.tryvoha.track;

import java.time.Instant;
import java.util.Locale;

/**
 * One report about one track, checked. Velocity is in metres per second, east and north (up when
 * known); {@code altitude} is metres above ground, or NaN when unknown. {@code uncertainty} (m) and
 * {@code velocityUncertainty} (m/s; NaN when not stated) are 95% bounds per axis. An end report
 * carries {@code end} and may leave the position out (NaN).
 */
public record TrackReport(
        String trackId,
        ThreatClass threatClass,
        Instant time,
        double lat,
        double lon,
        double east,
        double north,
        double up,
        double altitude,
        double uncertainty,
        double velocityUncertainty,
        End end) {

    /** A report that states no velocity uncertainty. */
    public TrackReport(
            String trackId,
            ThreatClass threatClass,
            Instant time,
            double lat,
            double lon,
            double east,
            double north,
            double up,
            double altitude,
            double uncertainty,
            End end) {
        this(trackId, threatClass, time, lat, lon, east, north, up, altitude, uncertainty, Double.NaN, end);
    }

    /** Why a track ended. */
    public enum End {
        DESTROYED,
        LOST,
        LANDED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static End parse(String s) {
            for (End e : values()) if (e.wire().equals(s)) return e;
            throw new IllegalArgumentException("unknown end '" + s + "'; one of: destroyed, lost, landed");
        }
    }

    public double speed() {
        return Math.hypot(east, north);
    }

    public boolean hasPosition() {
        return !Double.isNaN(lat);
    }
}
