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
 *   <li>{@code minSpeed}: the slowest a threat of the class can fly (m/s), what its wing needs to
 *       stay up: 100 for cruise missiles (they cruise at 180–250 m/s, Mach 0.55–0.8, on small wings)
 *       and for glide bombs (an unpowered bomb with a glide kit, released at 200–300 m/s, stalls
 *       well above 100); 0 where the class may hover or loiter (drones, aircraft with helicopters,
 *       unknown) and for the ballistic fallback corridor.
 *   <li>{@code turnRate}: the fastest sustained course change (degrees per second).
 *   <li>{@code terminalRadius}: for a ballistic threat whose impact cannot be predicted (no altitude
 *       reported), the radius (m) around the estimated impact point that is threatened whatever the
 *       path; 0 for the others.
 *   <li>{@code glideRatio}: for unpowered gliders (guided bombs), the best lift-to-drag ratio: from
 *       altitude {@code h} at speed {@code v} they glide at most {@code (h + v²/2g) · glideRatio}; 0
 *       for the powered classes.
 *   <li>{@code ballisticCoefficient} and {@code sigmaLnBeta}: for ballistic threats, the nominal
 *       {@code β = m / (C_d A)} (kg/m²) and the standard deviation of its logarithm (short-range
 *       rockets to ballistic missiles lie within two of it).
 *   <li>{@code velocityUncertainty}: the 95% bound (m/s, per axis) of a reported velocity that states
 *       none, for the impact prediction.
 * </ul>
 */
public enum ThreatClass {
    BALLISTIC(AlertType.BALLISTIC_MISSILE, 2500, 0, 0.5, 5000, 0, 15_000, 0.5, 50),
    CRUISE_MISSILE(AlertType.CRUISE_MISSILE, 300, 100, 3.0, 0, 0, 0, 0, 0),
    DRONE(AlertType.DRONE, 70, 0, 3.0, 0, 0, 0, 0, 0),
    GUIDED_BOMB(AlertType.GUIDED_BOMB, 320, 100, 4.0, 0, 10, 0, 0, 0),
    AIRCRAFT(AlertType.AIR_RAID, 700, 0, 5.0, 0, 0, 0, 0, 0),
    UNKNOWN(AlertType.AIR_RAID, 1000, 0, 6.0, 0, 0, 0, 0, 0);

    /** A reported speed may grow by this fraction (up to {@code maxSpeed}) within the horizon. */
    public static final double SPEED_TOLERANCE = 0.15;

    public final AlertType alertType;
    public final double maxSpeed;
    public final double minSpeed;
    public final double turnRateDeg;
    public final double terminalRadius;
    public final double glideRatio;
    public final double ballisticCoefficient;
    public final double sigmaLnBeta;
    public final double velocityUncertainty;

    ThreatClass(
            AlertType alertType,
            double maxSpeed,
            double minSpeed,
            double turnRateDeg,
            double terminalRadius,
            double glideRatio,
            double ballisticCoefficient,
            double sigmaLnBeta,
            double velocityUncertainty) {
        this.alertType = alertType;
        this.maxSpeed = maxSpeed;
        this.minSpeed = minSpeed;
        this.turnRateDeg = turnRateDeg;
        this.terminalRadius = terminalRadius;
        this.glideRatio = glideRatio;
        this.ballisticCoefficient = ballisticCoefficient;
        this.sigmaLnBeta = sigmaLnBeta;
        this.velocityUncertainty = velocityUncertainty;
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
