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
 *
 * <p>Every state is what a sensor at that point would report: its velocity is in the east/north/up
 * frame at its own position (not at the launch point, which a ballistic flight is integrated around and
 * which is tilted from it by the distance over the Earth's radius), and its position is the point of the
 * ground under it. The world is the sphere of radius {@link #R}, on which a degree of latitude is the
 * 111,320 m that {@link LocalProjection} counts.
 */
final class Flight {
    static final double DT = 0.5;
    static final double TURN_SHARE = 0.8;
    private static final double MAX_SECONDS = 6 * 3600;

    /**
     * Where the threat is {@code t} seconds after launch (the ground point under it); velocity in m/s
     * east/north/up at that point; altitude in m.
     */
    record State(double t, double lat, double lon, double east, double north, double up, double alt) {}

    private Flight() {}

    static List<State> fly(Threat th) {
        List<double[]> wps = th.path();
        double[] first = wps.get(0);
        if (th.threatClass() == ThreatClass.BALLISTIC) {
            LocalProjection p = LocalProjection.around(first[1], first[0]);
            double[] end = wps.get(wps.size() - 1);
            return ballistic(th, p, end);
        }
        double s = th.speed(), omega = TURN_SHARE * Math.toRadians(th.threatClass().turnRateDeg);
        double switchRadius = s / omega + s * DT;
        double length = 0;
        for (int k = 1; k < wps.size(); k++) length += distance(wps.get(k - 1), wps.get(k));
        double alt0 = Double.isNaN(th.altitude()) ? 0 : th.altitude();
        double sink = th.threatClass() == ThreatClass.GUIDED_BOMB ? alt0 * s / length : 0; // m/s
        double lon = first[0], lat = first[1];
        LocalProjection here = LocalProjection.around(lat, lon);
        double heading = Math.atan2(here.x(wps.get(1)[0]), here.y(wps.get(1)[1]));
        List<State> out = new ArrayList<>();
        int i = 1;
        for (double t = 0; t < MAX_SECONDS; t += DT) {
            // steered and stepped in the frame of where it is, so the velocity it states is the one it flies
            here = LocalProjection.around(lat, lon);
            double dx = here.x(wps.get(i)[0]), dy = here.y(wps.get(i)[1]), d = Math.hypot(dx, dy);
            boolean last = i == wps.size() - 1;
            if (!last && d < switchRadius) {
                i++;
                dx = here.x(wps.get(i)[0]);
                dy = here.y(wps.get(i)[1]);
                d = Math.hypot(dx, dy);
            }
            double turn = Math.atan2(dx, dy) - heading;
            turn = Math.atan2(Math.sin(turn), Math.cos(turn));
            heading += Math.max(-omega * DT, Math.min(omega * DT, turn));
            double e = s * Math.sin(heading), n = s * Math.cos(heading);
            out.add(new State(t, lat, lon, e, n, -sink, Math.max(0, alt0 - sink * t)));
            if (last && d <= s * DT) break;
            var c = here.toLonLat(e * DT, n * DT);
            lon = c.x;
            lat = c.y;
        }
        return out;
    }

    /** Metres between two lon/lat points, in the local frame of the first. */
    private static double distance(double[] a, double[] b) {
        LocalProjection p = LocalProjection.around(a[1], a[0]);
        return Math.hypot(p.x(b[0]), p.y(b[1]));
    }

    /**
     * A ballistic flight from the launch point toward {@code target}: the thrust (or the launch speed,
     * without boost) and the aim are found by shooting so that it comes down on the target (to a
     * metre), then the flight is flown once more and returned. Its own physics, finer than the
     * engine's: gravity falling with height over a spherical Earth, an exponential atmosphere with the
     * threat's true ballistic coefficient, the Earth's rotation.
     */
    private static List<State> ballistic(Threat th, LocalProjection p, double[] target) {
        double[] aim = {p.x(target[0]), p.y(target[1])};
        double[] goal = aim.clone();
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
            aim[0] += goal[0] - p.x(last.lon());
            aim[1] += goal[1] - p.y(last.lat());
        }
        return ballisticFlight(th, p, aim, power, true);
    }

    /** The Earth's radius here: the sphere on which a degree of latitude is 111,320 m. */
    static final double R = 111_320.0 * 180 / Math.PI;

    private static final double G0 = 9.80665, OMEGA = 7.292_115e-5, SUB = 0.01;

    /**
     * One flight: {@code power} is the thrust acceleration (m/s²) held along the launch direction for
     * the boost, or the launch speed (m/s) without one. States every {@link #DT} seconds when
     * {@code record}; otherwise only the last (the impact). Integrated in the fixed frame of the launch
     * point (x east, y north, z up there; the Earth's centre at (0, 0, -R)), each state then put into
     * the frame of the ground point under it.
     */
    private static List<State> ballisticFlight(
            Threat th, LocalProjection p, double[] aim, double power, boolean record) {
        double az = Math.atan2(aim[0], aim[1]), loft = Math.toRadians(th.loftDeg());
        double ue = Math.sin(az) * Math.cos(loft), un = Math.cos(az) * Math.cos(loft), uu = Math.sin(loft);
        double v0 = th.boostSeconds() > 0 ? 1 : power;
        double[] s = {0, 0, 0, v0 * ue, v0 * un, v0 * uu};
        double lat = p.lat0();
        Frame frame = new Frame(p.lat0(), p.lon0());
        double wn = OMEGA * Math.cos(Math.toRadians(lat)), wu = OMEGA * Math.sin(Math.toRadians(lat));
        List<State> out = new ArrayList<>();
        double[] a = new double[6];
        int perRecord = (int) Math.round(DT / SUB);
        for (int k = 0; k * SUB < MAX_SECONDS; k++) {
            double t = k * SUB;
            double h = height(s);
            if (record && k % perRecord == 0) out.add(frame.state(t, s));
            if (h < 0 && k > 0) {
                if (!record || out.get(out.size() - 1).t() != t) out.add(frame.state(t, s));
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
        double rc = Math.sqrt(s[0] * s[0] + s[1] * s[1] + (R + s[2]) * (R + s[2]));
        double h = rc - R;
        double g = G0 * (R / (R + Math.max(0, h))) * (R / (R + Math.max(0, h)));
        double v = Math.sqrt(s[3] * s[3] + s[4] * s[4] + s[5] * s[5]);
        double drag = 1.225 * Math.exp(-Math.max(0, h) / 8500) * v / (2 * beta);
        a[0] = s[3];
        a[1] = s[4];
        a[2] = s[5];
        // gravity points at the Earth's centre, (0, 0, -R) in the launch frame
        a[3] = -g * s[0] / rc - drag * s[3] + thrust * ue - 2 * (wn * s[5] - wu * s[4]);
        a[4] = -g * s[1] / rc - drag * s[4] + thrust * un - 2 * (wu * s[3]);
        a[5] = -g * (R + s[2]) / rc - drag * s[5] + thrust * uu + 2 * (wn * s[3]);
    }

    /** Height above the sphere of a point in the launch frame. */
    private static double height(double[] s) {
        return Math.sqrt(s[0] * s[0] + s[1] * s[1] + (R + s[2]) * (R + s[2])) - R;
    }

    /** The launch point's east/north/up axes, as Earth-centred unit vectors. */
    private static final class Frame {
        private final double[] e, n, u;

        Frame(double latDeg, double lonDeg) {
            double[][] a = axes(latDeg, lonDeg);
            e = a[0];
            n = a[1];
            u = a[2];
        }

        static double[][] axes(double latDeg, double lonDeg) {
            double f = Math.toRadians(latDeg), l = Math.toRadians(lonDeg);
            return new double[][] {
                {-Math.sin(l), Math.cos(l), 0},
                {-Math.sin(f) * Math.cos(l), -Math.sin(f) * Math.sin(l), Math.cos(f)},
                {Math.cos(f) * Math.cos(l), Math.cos(f) * Math.sin(l), Math.sin(f)}
            };
        }

        /** A launch-frame state as a report would give it: the ground point under it, its own axes. */
        State state(double t, double[] s) {
            double[] r = new double[3], v = new double[3];
            for (int i = 0; i < 3; i++) {
                r[i] = s[0] * e[i] + s[1] * n[i] + (R + s[2]) * u[i];
                v[i] = s[3] * e[i] + s[4] * n[i] + s[5] * u[i];
            }
            double rc = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
            double lat = Math.toDegrees(Math.asin(r[2] / rc)), lon = Math.toDegrees(Math.atan2(r[1], r[0]));
            double[][] local = axes(lat, lon);
            return new State(t, lat, lon, dot(v, local[0]), dot(v, local[1]), dot(v, local[2]), Math.max(0, rc - R));
        }

        private static double dot(double[] a, double[] b) {
            return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        }
    }
}
