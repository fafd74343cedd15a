package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Point and area lookups over a zone tree: one STRtree over the polygon parts of the leaves, one
 * over those of the inner zones below the root. Leaves answer first (the smallest, if polygons
 * overlap); inner polygons only cover the gaps between leaf polygons (the levels come from
 * different sources and do not align exactly), and a point found only there gets the nearest
 * leaf below the deepest inner zone holding it, so every answer is a consistent leaf → root
 * chain. Built once, then read-only and thread-safe (each point locator builds its own index on
 * first use, under a lock).
 */
final class ZoneIndex {
  private record Entry(Zone zone, IndexedPointInAreaLocator locator, PreparedGeometry prepared, double area) {}

  private final STRtree leaves = new STRtree();
  private final STRtree inner = new STRtree();
  private final GeometryFactory gf;

  ZoneIndex(Collection<Zone> zones, Zone root, GeometryFactory gf) {
    this.gf = gf;
    for (Zone z : zones) {
      Geometry g = z.geometry();
      if (g == null || g.isEmpty()) continue;
      if (z == root) continue;
      // one entry per polygon part: a tight envelope each, so fewer candidates per point
      for (int i = 0; i < g.getNumGeometries(); i++) {
        Geometry part = g.getGeometryN(i);
        Entry e = new Entry(z, new IndexedPointInAreaLocator(part), PreparedGeometryFactory.prepare(part), g.getArea());
        (z.isLeaf() ? leaves : inner).insert(part.getEnvelopeInternal(), e);
      }
    }
    leaves.build();
    inner.build();
  }

  /** The leaf holding the point, or null when no zone below the root holds it. */
  Zone leafAt(double lat, double lon) {
    Coordinate c = new Coordinate(lon, lat);
    Envelope env = new Envelope(c);
    Entry[] best = new Entry[1];
    leaves.query(env, item -> {
      Entry e = (Entry) item;
      if ((best[0] == null || e.area < best[0].area) && e.locator.locate(c) != Location.EXTERIOR) best[0] = e;
    });
    if (best[0] != null) return best[0].zone;
    inner.query(env, item -> {
      Entry e = (Entry) item;
      if ((best[0] == null || e.zone.depth() > best[0].zone.depth()) && e.locator.locate(c) != Location.EXTERIOR)
        best[0] = e;
    });
    return best[0] == null ? null : nearestLeafBelow(best[0].zone, c);
  }

  private Zone nearestLeafBelow(Zone zone, Coordinate c) {
    Geometry point = gf.createPoint(c);
    Zone nearest = null;
    double min = Double.POSITIVE_INFINITY;
    List<Zone> stack = new ArrayList<>(zone.children());
    while (!stack.isEmpty()) {
      Zone z = stack.remove(stack.size() - 1);
      if (!z.isLeaf()) {
        stack.addAll(z.children());
        continue;
      }
      if (z.geometry() == null) continue;
      double d = z.geometry().getEnvelopeInternal().distance(point.getEnvelopeInternal());
      if (d >= min) continue;
      d = z.geometry().distance(point);
      if (d < min) {
        min = d;
        nearest = z;
      }
    }
    return nearest == null ? zone : nearest;
  }

  /** Every leaf whose polygon intersects the area (touching counts). */
  List<Zone> leavesIntersecting(Geometry area) {
    Set<Zone> out = new LinkedHashSet<>();
    leaves.query(area.getEnvelopeInternal(), item -> {
      Entry e = (Entry) item;
      if (!out.contains(e.zone) && e.prepared.intersects(area)) out.add(e.zone);
    });
    return new ArrayList<>(out);
  }
}
