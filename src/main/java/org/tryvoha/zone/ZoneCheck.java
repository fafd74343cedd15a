package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks the features of a zones file before a tree is built from them, so that a bad file is
 * refused with every feature's id and reason instead of failing deep inside a geometry operation.
 *
 * <p>Refused: an empty id or one with spaces, commas or the MQTT wildcards {@code / + #}; an id given
 * twice; a missing or unknown level; an unknown parent, two roots, none, or a parent cycle; a leaf
 * without geometry; a geometry that is no Polygon or MultiPolygon or whose rings are malformed; a
 * position that is not a finite longitude −180..180 and latitude −90..90; a {@code shelter_seconds}
 * that is no whole number of 1..3600. Repaired, and reported: a polygon with self-crossing rings (a
 * bow-tie) or overlapping parts, when JTS {@link GeometryFixer} gives a valid polygon covering exactly
 * the area the rings enclose (counted independently, from the rings' faces); any other invalid
 * polygon is refused with the validator's reason and place. Stateless and thread-safe.
 */
public final class ZoneCheck {
    /** The feature property that gives a zone its own time to shelter, in seconds. */
    public static final String SHELTER_PROPERTY = "shelter_seconds";

    private static final Pattern BAD_ID = Pattern.compile("[\\s,/+#\\p{Cntrl}]");
    /** Relative difference of area still taken as "the same area" (rounding in the overlay). */
    private static final double AREA_TOLERANCE = 1e-9;

    private ZoneCheck() {}

    /** One finding: the feature (its id, or its position when it has none), what was found, and whether it was refused. */
    public record Finding(String feature, String reason, boolean refused) {
        @Override
        public String toString() {
            return feature + ": " + (refused ? "refused: " : "repaired: ") + reason;
        }
    }

    /** A checked feature: its id, level, parent, names, time to shelter (or null) and geometry (repaired if it was). */
    public record Checked(
            String id, ZoneLevel level, String parent, Map<String, String> names, Integer shelter, Geometry geometry) {}

    /** The outcome: the features to build from (only when nothing is refused) and every finding, in file order. */
    public record Report(int read, List<Checked> features, List<Finding> findings) {
        public boolean refused() {
            return findings.stream().anyMatch(Finding::refused);
        }

        public List<Finding> refusals() {
            return findings.stream().filter(Finding::refused).toList();
        }

        public List<Finding> repairs() {
            return findings.stream().filter(f -> !f.refused()).toList();
        }

        /** How many features (or the file as a whole) have at least one refusal. */
        public long refusedFeatures() {
            return refusals().stream().map(Finding::feature).distinct().count();
        }
    }

    /** @param topology whether to check polygon validity too (the bundled set is known valid: skipped) */
    static Report check(List<GeoJsonReader.Feature> features, boolean topology, CountrySettings country) {
        List<Finding> findings = new ArrayList<>();
        List<Checked> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> refusedIds = new HashSet<>();
        Set<String> parentsOfRefused = new HashSet<>();
        boolean refusedRoot = false;
        for (int i = 0; i < features.size(); i++) {
            GeoJsonReader.Feature f = features.get(i);
            Checked c = feature(f, i, seen, topology, country, findings);
            if (c != null) out.add(c);
            else {
                refusedIds.add(String.valueOf(f.properties().get("id")));
                Object parent = f.properties().get("parent");
                if (parent == null || parent.toString().isEmpty()) refusedRoot = true;
                else parentsOfRefused.add(parent.toString());
            }
        }
        tree(out, refusedIds, parentsOfRefused, refusedRoot, findings);
        return new Report(features.size(), List.copyOf(out), List.copyOf(findings));
    }

    private static Checked feature(
            GeoJsonReader.Feature f,
            int index,
            Map<String, Integer> seen,
            boolean topology,
            CountrySettings country,
            List<Finding> findings) {
        Object rawId = f.properties().get("id");
        String id = rawId == null ? "" : rawId.toString();
        String label = id.isBlank() ? "feature #" + (index + 1) + " (no id)" : "zone " + id;
        int before = findings.size();
        if (id.isBlank()) refuse(findings, label, "the id is empty: every zone needs a unique 'id' property");
        else if (BAD_ID.matcher(id).find())
            refuse(findings, label, "the id may not contain spaces, commas, '/', '+', '#' or control characters");
        else if (seen.putIfAbsent(id, index) != null)
            refuse(
                    findings,
                    label,
                    "the id is given twice (features #" + (seen.get(id) + 1) + " and #" + (index + 1) + ")");
        ZoneLevel level = null;
        Object rawLevel = f.properties().get("level");
        try {
            level = country.tier(String.valueOf(rawLevel));
        } catch (IllegalArgumentException e) {
            refuse(
                    findings,
                    label,
                    "level must be " + country.levelNames() + "; got " + quoted(rawLevel)
                            + (rawLevel == null ? "" : " (a country's own level names need the setting zone-levels)"));
        }
        Integer shelter = shelter(f.properties().get(SHELTER_PROPERTY), label, findings);
        Geometry g = f.geometry();
        boolean refused = findings.size() > before;
        if (f.problem() != null) refuse(findings, label, f.problem());
        else if (g != null) g = geometry(g, label, topology && !refused, findings); // no repair for a refused one
        if (findings.size() > before
                && findings.subList(before, findings.size()).stream().anyMatch(Finding::refused)) return null;
        Object parent = f.properties().get("parent");
        return new Checked(
                id,
                level,
                parent == null || parent.toString().isEmpty() ? null : parent.toString(),
                ZoneNames.names(f.properties()),
                shelter,
                g);
    }

    private static Integer shelter(Object v, String label, List<Finding> findings) {
        if (v == null) return null;
        try {
            double d = v instanceof Number n
                    ? n.doubleValue()
                    : Double.parseDouble(v.toString().strip());
            if (d == Math.rint(d) && d >= 1 && d <= 3600) return (int) d;
        } catch (NumberFormatException e) {
            // reported below
        }
        refuse(
                findings,
                label,
                SHELTER_PROPERTY + " must be a whole number of seconds from 1 to 3600; got " + quoted(v));
        return null;
    }

    private static Geometry geometry(Geometry g, String label, boolean topology, List<Finding> findings) {
        for (Coordinate c : g.getCoordinates()) {
            if (!(Double.isFinite(c.x) && Double.isFinite(c.y) && Math.abs(c.x) <= 180 && Math.abs(c.y) <= 90)) {
                refuse(
                        findings,
                        label,
                        "position [" + c.x + ", " + c.y + "] is out of range: GeoJSON is [longitude"
                                + " −180..180, latitude −90..90] in degrees (WGS 84)");
                return null;
            }
        }
        if (!topology) return g;
        IsValidOp valid = new IsValidOp(g);
        if (valid.isValid()) return g;
        TopologyValidationError err = valid.getValidationError();
        String what = err.getMessage().toLowerCase(Locale.ROOT) + " at (" + err.getCoordinate().x + " "
                + err.getCoordinate().y + ")";
        Geometry fixed;
        try {
            fixed = GeometryFixer.fix(g);
            Geometry enclosed = enclosed(g);
            double diff = fixed.symDifference(enclosed).getArea();
            if (fixed.isValid() && !fixed.isEmpty() && diff <= AREA_TOLERANCE * Math.max(enclosed.getArea(), 1e-12)) {
                findings.add(new Finding(
                        label,
                        what + ": the rings were split where they cross (" + fixed.getGeometryType() + ", "
                                + fixed.getNumGeometries() + " part(s), the same area)",
                        false));
                return fixed;
            }
        } catch (RuntimeException e) {
            // not repairable: reported below
        }
        refuse(findings, label, what + ", and no repair keeps the area its rings enclose: fix the polygon");
        return null;
    }

    /**
     * The area the rings enclose, read independently of the fixer: each ring noded where it crosses
     * itself and cut into faces (a bow-tie gives two triangles), holes taken out of their polygon,
     * the polygons united.
     */
    static Geometry enclosed(Geometry g) {
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            Geometry area = faces(p.getExteriorRing());
            for (int h = 0; h < p.getNumInteriorRing(); h++) area = area.difference(faces(p.getInteriorRingN(h)));
            parts.add(area);
        }
        return UnaryUnionOp.union(parts);
    }

    private static Geometry faces(LinearRing ring) {
        Polygonizer pz = new Polygonizer();
        pz.add(UnaryUnionOp.union(ring.getFactory().createLineString(ring.getCoordinateSequence())));
        return UnaryUnionOp.union(new ArrayList<Geometry>(pz.getPolygons()));
    }

    /** Parents exist, one root, no cycle, leaves have geometry; what follows from a refused feature is not repeated. */
    private static void tree(
            List<Checked> zones,
            Set<String> refusedIds,
            Set<String> parentsOfRefused,
            boolean refusedRoot,
            List<Finding> findings) {
        Map<String, Checked> byId = new LinkedHashMap<>();
        for (Checked c : zones) byId.put(c.id(), c);
        List<String> roots = new ArrayList<>();
        Set<String> withChildren = new HashSet<>();
        for (Checked c : zones) {
            if (c.parent() == null) roots.add(c.id());
            else if (byId.containsKey(c.parent())) withChildren.add(c.parent());
            else if (!refusedIds.contains(c.parent())) // a refused parent is reported already
            refuse(findings, "zone " + c.id(), "unknown parent " + c.parent() + ": no feature has that id");
        }
        if (roots.isEmpty() && !refusedRoot)
            refuse(findings, "the file", "no root zone: one feature (the country) must have no parent");
        if (roots.size() > 1)
            refuse(
                    findings,
                    "the file",
                    "two roots or more (" + String.join(", ", roots.subList(0, Math.min(5, roots.size())))
                            + (roots.size() > 5 ? ", …" : "") + "): only the country may have no parent");
        for (Checked c : zones) {
            Set<String> path = new HashSet<>();
            for (Checked z = c; z != null && z.parent() != null; z = byId.get(z.parent())) {
                if (!path.add(z.id())) {
                    refuse(findings, "zone " + c.id(), "its parent links form a cycle");
                    break;
                }
            }
            if (c.geometry() == null && !withChildren.contains(c.id()) && !parentsOfRefused.contains(c.id()))
                refuse(
                        findings,
                        "zone " + c.id(),
                        "a zone with no zones inside needs a Polygon or MultiPolygon geometry");
        }
    }

    private static void refuse(List<Finding> findings, String feature, String reason) {
        findings.add(new Finding(feature, reason, true));
    }

    private static String quoted(Object v) {
        return v == null ? "nothing" : "'" + v + "'";
    }
}
