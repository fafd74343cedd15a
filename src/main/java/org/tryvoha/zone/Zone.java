package org.tryvoha.zone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * One zone of a {@link ZoneTree}: an administrative unit with its KATOTTG-style id, names and
 * polygon. Immutable once its tree has loaded; safe to share between threads.
 */
public final class Zone {
    private final String id;
    private final ZoneLevel level;
    private final String nameUk;
    private final String nameEn;
    private Map<String, String> names = Map.of();
    private Geometry geometry;
    private Zone parent;
    private List<Zone> children = new ArrayList<>();
    private final Integer ownShelterSeconds;
    private int shelterSeconds;
    private int depth;
    private List<Zone> chain;

    Zone(String id, ZoneLevel level, String nameUk, String nameEn, Geometry geometry) {
        this(id, level, nameUk, nameEn, geometry, null);
    }

    /** @param ownShelterSeconds the time to shelter the zones file gives this zone, or null */
    Zone(String id, ZoneLevel level, String nameUk, String nameEn, Geometry geometry, Integer ownShelterSeconds) {
        this.id = id;
        this.level = level;
        this.nameUk = nameUk;
        this.nameEn = nameEn;
        this.geometry = geometry;
        this.ownShelterSeconds = ownShelterSeconds;
    }

    /** The time to shelter the zones file gives this zone ({@code shelter_seconds}), or null. */
    Integer ownShelterSeconds() {
        return ownShelterSeconds;
    }

    public String id() {
        return id;
    }

    public ZoneLevel level() {
        return level;
    }

    public String nameUk() {
        return nameUk;
    }

    public String nameEn() {
        return nameEn;
    }

    /**
     * Every name the zones file gave, by language code ({@code name_de} → "de"), in the order uk, en,
     * then the others by code; {@link #nameUk()} and {@link #nameEn()} fall back to these.
     */
    public Map<String, String> names() {
        return names;
    }

    void names(Map<String, String> names) {
        this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    /** The zone one level up, or null for the root. */
    public Zone parent() {
        return parent;
    }

    /** The zones directly below, in load order; empty for a leaf. */
    public List<Zone> children() {
        return children;
    }

    public boolean isLeaf() {
        return children.isEmpty();
    }

    /** The polygon (Polygon or MultiPolygon, lon/lat WGS84); do not modify it. */
    public Geometry geometry() {
        return geometry;
    }

    /** Seconds people here have to reach a shelter, from the tree's {@link ShelterConfig}. */
    public int shelterSeconds() {
        return shelterSeconds;
    }

    /** Steps from the root: 0 for the root. */
    int depth() {
        return depth;
    }

    /** This zone, its parent, ..., the root; immutable, built once after loading. */
    List<Zone> chain() {
        if (chain == null) {
            List<Zone> out = new ArrayList<>(depth + 1);
            for (Zone z = this; z != null; z = z.parent) out.add(z);
            chain = List.copyOf(out);
        }
        return chain;
    }

    void link(Zone parent) {
        this.parent = parent;
        parent.children.add(this);
    }

    /** Called children first; a zone without its own polygon gets the union of its children's. */
    void freeze(ShelterConfig shelter, int depth) {
        if (geometry == null && !children.isEmpty()) {
            List<Geometry> parts = new ArrayList<>();
            for (Zone c : children) if (c.geometry != null) parts.add(c.geometry);
            geometry = UnaryUnionOp.union(parts);
        }
        this.children = Collections.unmodifiableList(new ArrayList<>(children));
        this.shelterSeconds = shelter.secondsFor(this);
        this.depth = depth;
    }

    @Override
    public String toString() {
        return id + " " + level.wire() + " " + nameEn;
    }
}
