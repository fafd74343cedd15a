package org.tryvoha.track;

import org.locationtech.jts.geom.Coordinate;

/**
 * An equirectangular projection around one point: x metres east, y metres north. Accurate to well
 * under 1% within a few hundred kilometres of the origin, which is all a threat area spans. Immutable.
 */
public record LocalProjection(double lon0, double lat0, double metresPerDegLon) {
    static final double METRES_PER_DEG_LAT = 111_320.0;

    public static LocalProjection around(double lat, double lon) {
        return new LocalProjection(lon, lat, METRES_PER_DEG_LAT * Math.cos(Math.toRadians(lat)));
    }

    public double x(double lon) {
        return (lon - lon0) * metresPerDegLon;
    }

    public double y(double lat) {
        return (lat - lat0) * METRES_PER_DEG_LAT;
    }

    /** Back to lon/lat (x = lon, y = lat, as JTS and GeoJSON order them). */
    public Coordinate toLonLat(double x, double y) {
        return new Coordinate(lon0 + x / metresPerDegLon, lat0 + y / METRES_PER_DEG_LAT);
    }
}
