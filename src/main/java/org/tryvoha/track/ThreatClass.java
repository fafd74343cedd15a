package org.tryvoha.track;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tryvoha.event.AlertType;

/**
 * What a track is, and how far it can stray from its projected path. The numbers are deliberately
 * generous upper bounds (a missed zone costs lives, an extra zone costs trust), documented in the
 * docs/tracks.md.
 *
 * <ul>
 *   <li>{@code maxSpeed}: the fastest the class flies (m/s); a reported speed is allowed to grow by
 *       {@link #SPEED_TOLERANCE} up to this cap.
 *   <li>{@code turnRate}: the fastest sustained course change (degrees per second).
 *   <li>{@code terminalRadius}: for ballistic threats, the radius (m) around the estimated impact
 *       point that is threatened whatever the path; 0 for the others.
 * </ul>
 */
public enum ThreatClass {
    BALLISTIC(AlertType.BALLISTIC_MISSILE, 2500, 0.5, 5000),
    CRUISE_MISSILE(AlertType.CRUISE_MISSILE, 300, 3.0, 0),
    DRONE(AlertType.DRONE, 70, 3.0, 0),
    GUIDED_BOMB(AlertType.GUIDED_BOMB, 320, 4.0, 0),
    AIRCRAFT(AlertType.AIR_RAID, 700, 5.0, 0),
    UNKNOWN(AlertType.AIR_RAID, 1000, 6.0, 0);

    /** A reported speed may grow by this fraction (up to {@code maxSpeed}) within the horizon. */
    public static final double SPEED_TOLERANCE = 0.15;

    public final AlertType alertType;
    public final double maxSpeed;
    public final double turnRateDeg;
    public final double terminalRadius;

    ThreatClass(AlertType alertType, double maxSpeed, double turnRateDeg, double terminalRadius) {
        this.alertType = alertType;
        this.maxSpeed = maxSpeed;
        this.turnRateDeg = turnRateDeg;
        this.terminalRadius = terminalRadius;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ThreatClass parse(String s) {
        for (ThreatClass c : values()) if (c.wire().equals(s)) return c;
        throw new IllegalArgumentException("unknown threat class '" + s + "'; one of: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ThreatClass::wire).collect(Collectors.joining(", "));
    }
}
