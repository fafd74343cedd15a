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
        double length = 0;
        for (int k = 1; k < wps.size(); k++)
            length += Math.hypot(wps.get(k)[0] - wps.get(k - 1)[0], wps.get(k)[1] - wps.get(k - 1)[1]);
        double alt0 = Double.isNaN(th.altitude()) ? 0 : th.altitude();
        double sink = th.threatClass() == ThreatClass.GUIDED_BOMB ? alt0 * s / length : 0; // m/s
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
            out.add(new State(t, c.y, c.x, e, n, -sink, Math.max(0, alt0 - sink * t)));
            if (last && d <= s * DT) break;
            x += e * DT;
            y += n * DT;
        }
        return out;
    }

    /**
     * A ballistic flight from the launch point toward {@code target}: the thrust (or the launch speed,
     * without boost) and the aim are found by shooting so that it comes down on the target (to a
     * metre), then the flight is flown once more and returned. Its own physics, finer than the
     * engine's: gravity falling with height over a spherical Earth, an exponential atmosphere with the
     * threat's true ballistic coefficient, the Earth's rotation.
     */
    private static List<State> ballistic(Threat th, LocalProjection p, double[] target) {
        double[] aim = target.clone();
        double power = 0;
        for (int round = 0; round < 4; round++) {
            double range = Math.hypot(aim[0], aim[1]);
            double lo = 1, hi = th.boostSeconds() > 0 ? 200 : 5000;
            for (int i = 0; i < 45; i++) {
                power = (lo + hi) / 2;
                List<State> f = ballisticFlight(th, p, aim, power, false);
                State last = f.get(f.size() - 1);
                double downrange = (p.x(last.lon()) * aim[0] + p.y(last.lat()) * aim[1]) / range;
                if (downrange < range) lo = power;
                else hi = power;
            }
            List<State> f = ballisticFlight(th, p, aim, power, false);
            State last = f.get(f.size() - 1);
            aim[0] += target[0] - p.x(last.lon());
            aim[1] += target[1] - p.y(last.lat());
        }
        return ballisticFlight(th, p, aim, power, true);
    }

    private static final double G0 = 9.80665, R = 6_371_000, OMEGA = 7.292_115e-5, SUB = 0.01;

    /**
     * One flight: {@code power} is the thrust acceleration (m/s²) held along the launch direction for
     * the boost, or the launch speed (m/s) without one. States every {@link #DT} seconds when
     * {@code record}; otherwise only the last (the impact).
     */
    private static List<State> ballisticFlight(
            Threat th, LocalProjection p, double[] aim, double power, boolean record) {
        double az = Math.atan2(aim[0], aim[1]), loft = Math.toRadians(th.loftDeg());
        double ue = Math.sin(az) * Math.cos(loft), un = Math.cos(az) * Math.cos(loft), uu = Math.sin(loft);
        double v0 = th.boostSeconds() > 0 ? 1 : power;
        double[] s = {0, 0, 0, v0 * ue, v0 * un, v0 * uu};
        double lat = p.lat0();
        double wn = OMEGA * Math.cos(Math.toRadians(lat)), wu = OMEGA * Math.sin(Math.toRadians(lat));
        List<State> out = new ArrayList<>();
        double[] a = new double[6];
        int perRecord = (int) Math.round(DT / SUB);
        for (int k = 0; k * SUB < MAX_SECONDS; k++) {
            double t = k * SUB;
            double h = s[2] + (s[0] * s[0] + s[1] * s[1]) / (2 * R);
            if (record && k % perRecord == 0) out.add(state(p, t, s, h));
            if (h < 0 && k > 0) {
                if (!record || out.get(out.size() - 1).t() != t) out.add(state(p, t, s, 0));
                return out;
            }
            double thrust = t < th.boostSeconds() ? power : 0;
            // during the boost the thrust holds the launch direction
            derivative(s, thrust, ue, un, uu, th.beta(), wn, wu, a);
            for (int i = 3; i < 6; i++) s[i] += a[i] * SUB; // semi-implicit Euler: velocity first, then position
            for (int i = 0; i < 3; i++) s[i] += s[i + 3] * SUB;
        }
        return out;
    }

    private static void derivative(
            double[] s, double thrust, double ue, double un, double uu, double beta, double wn, double wu, double[] a) {
        double h = s[2] + (s[0] * s[0] + s[1] * s[1]) / (2 * R);
        double g = G0 * (R / (R + Math.max(0, h))) * (R / (R + Math.max(0, h)));
        double v = Math.sqrt(s[3] * s[3] + s[4] * s[4] + s[5] * s[5]);
        double drag = 1.225 * Math.exp(-Math.max(0, h) / 8500) * v / (2 * beta);
        a[0] = s[3];
        a[1] = s[4];
        a[2] = s[5];
        a[3] = -g * s[0] / R - drag * s[3] + thrust * ue - 2 * (wn * s[5] - wu * s[4]);
        a[4] = -g * s[1] / R - drag * s[4] + thrust * un - 2 * (wu * s[3]);
        a[5] = -g - drag * s[5] + thrust * uu + 2 * (wn * s[3]);
    }

    private static State state(LocalProjection p, double t, double[] s, double h) {
        var c = p.toLonLat(s[0], s[1]);
        return new State(t, c.y, c.x, s[3], s[4], s[5], Math.max(0, h));
    }
}
