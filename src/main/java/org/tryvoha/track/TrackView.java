package org.tryvoha.track;

import java.time.Instant;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * One track as operators see it: its last report, its threat area (null once ended), the zones
 * warned and the zones waiting for an operator's confirmation. Immutable.
 *
 * @param impact a ballistic threat's predicted impact, or null
 * @param deadline when the pending zones go out by themselves, or null
 * @param earlyAlertId the track's pre-alert ("threats expected within minutes"), or null
 * @param earlyZones the oblasts under that pre-alert
 */
public record TrackView(
        String trackId,
        ThreatClass threatClass,
        TrackReport last,
        Geometry corridor,
        ImpactEllipse impact,
        String alertId,
        List<String> warnedZones,
        List<String> pendingZones,
        Instant pendingSince,
        Instant deadline,
        TrackReport.End end,
        String earlyAlertId,
        List<String> earlyZones) {}
