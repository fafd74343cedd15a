package org.tryvoha.track.sim;

import java.util.ArrayList;
import java.util.List;
import org.tryvoha.track.LocalProjection;
import org.tryvoha.track.ThreatClass;
import org.tryvoha.track.sim.Scenario.Threat;

/**
 * The true flight of one threat, in steps of {@link #DT} seconds: it steers for each waypoint in
 * turn, never turning faster than {@link #TURN_SHARE} of its class's turn rate; a ballistic threat
 * flies straight from the first to the last point on an arc of the given apogee.
 */
final class Flight {
    static final double DT = 0.5;
    static final double TURN_SHARE = 0.8;
    private static final double MAX_SECONDS = 6 * 3600;

    /** Where the threat is {@code t} seconds after launch; velocity in m/s east/north/up, altitude in m. */
    record State(double t, double lat, double lon, double east, double north, double up, double alt) {}

    private Flight() {}

    static List<State> fly(Threat th) {
        double[] first = th.path().get(0);
        LocalProjection p = LocalProjection.around(first[1], first[0]);
        List<double[]> wps = new ArrayList<>();
        for (double[] w : th.path()) wps.add(new double[] {p.x(w[0]), p.y(w[1])});
        if (th.threatClass() == ThreatClass.BALLISTIC) return ballistic(th, p, wps.get(wps.size() - 1));
        double s = th.speed(), omega = TURN_SHARE * Math.toRadians(th.threatClass().turnRateDeg);
        double switchRadius = s / omega + s * DT;
        double x = 0, y = 0, heading = Math.atan2(wps.get(1)[0], wps.get(1)[1]);
        List<State> out = new ArrayList<>();
        int i = 1;
        for (double t = 0; t < MAX_SECONDS; t += DT) {
            double dx = wps.get(i)[0] - x, dy = wps.get(i)[1] - y, d = Math.hypot(dx, dy);
            boolean last = i == wps.size() - 1;
            if (!last && d < switchRadius) {
                i++;
                dx = wps.get(i)[0] - x;
                dy = wps.get(i)[1] - y;
                d = Math.hypot(dx, dy);
            }
            double turn = Math.atan2(dx, dy) - heading;
            turn = Math.atan2(Math.sin(turn), Math.cos(turn));
            heading += Math.max(-omega * DT, Math.min(omega * DT, turn));
            double e = s * Math.sin(heading), n = s * Math.cos(heading);
            var c = p.toLonLat(x, y);
            out.add(new State(t, c.y, c.x, e, n, 0, Double.isNaN(th.altitude()) ? 0 : th.altitude()));
            if (last && d <= s * DT) break;
            x += e * DT;
            y += n * DT;
        }
        return out;
    }

    private static List<State> ballistic(Threat th, LocalProjection p, double[] target) {
        double range = Math.hypot(target[0], target[1]), s = th.speed(), h = th.apogee();
        double ux = target[0] / range, uy = target[1] / range;
        List<State> out = new ArrayList<>();
        for (double t = 0; ; t += DT) {
            double along = Math.min(range, s * t);
            double alt = 4 * h * along * (range - along) / (range * range);
            double up = 4 * h * (range - 2 * along) / (range * range) * s;
            var c = p.toLonLat(along * ux, along * uy);
            out.add(new State(t, c.y, c.x, s * ux, s * uy, up, alt));
            if (along >= range) return out;
        }
    }
}
