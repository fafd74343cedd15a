package org.tryvoha.zone.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.tryvoha.zone.GeoJsonReader;
import org.tryvoha.zone.GeoJsonWriter;
import org.tryvoha.zone.Kmu2010;
import org.tryvoha.zone.build.Kodifikator.Unit;

/**
 * Generates the bundled Ukraine zone tree, {@code src/main/resources/zones/ua-zones.geojson.gz},
 * from the boundary data in {@code ../shared/data/boundaries} (see its README). Run once, from
 * the project root, when the sources change:
 *
 * <pre>
 * ./tryvoha build &amp;&amp; /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/tryvoha.jar \
 *     org.tryvoha.zone.build.UkraineZonesBuilder ../shared/data/boundaries \
 *     src/main/resources/zones/ua-zones.geojson.gz
 * </pre>
 *
 * <p>The tree: {@code UA} → 27 oblast-level zones (regiony.geojson; Kyiv city, missing there, from
 * its hromady.geojson feature and cut out of Kyiv oblast) → 136 raions (rayony.geojson) → hromadas
 * (hromady.geojson). Crimea has no hromada polygons, so its 10 raions are leaves; Kyiv and
 * Sevastopol are oblast-level leaves. Codes come from the crosswalk; names are the codifier's
 * current stems with their type words; English names are OSM {@code name:en} for oblasts and
 * KMU-2010 romanisation below. Features split in the source (Talalaivska) are merged by code; a
 * hromada polygon that lies in another raion than its crosswalk code says is re-coded to the
 * same-named hromada of that raion. Every polygon is repaired and snapped to 5 decimals.
 */
public final class UkraineZonesBuilder {
    static final String KYIV = "UA80000000000093317";
    static final String KYIV_OBLAST = "UA32000000000030281";
    static final String CRIMEA = "UA01000000000013043";
    static final String SEVASTOPOL = "UA85000000000065278";
    private static final double COUNTRY_TOLERANCE = 0.002;

    private final Path dir;
    private final GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 4326);
    private final Kodifikator kod;
    private final Map<String, String> crosswalk = new HashMap<>(); // "file#index" → code
    private final Map<String, ZoneOut> zones = new TreeMap<>();
    final List<String> log = new ArrayList<>();

    record ZoneOut(String id, String level, String parent, String nameUk, String nameEn, Geometry geometry) {}

    UkraineZonesBuilder(Path dir) throws IOException {
        this.dir = dir;
        this.kod = new Kodifikator(dir.resolve("katottg/kodifikator-2025-05-16.csv"));
        List<String> lines =
                Files.readAllLines(dir.resolve("boundaries_katottg_crosswalk.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = Csv.split(line);
            crosswalk.put(f.get(0) + "#" + f.get(1), f.get(5));
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/boundaries");
        Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/zones/ua-zones.geojson.gz");
        UkraineZonesBuilder b = new UkraineZonesBuilder(dir);
        b.build();
        b.write(out);
        b.log.forEach(System.out::println);
        System.out.printf("wrote %s: %d zones, %d bytes%n", out, b.zones.size(), Files.size(out));
    }

    void build() throws IOException {
        Map<String, String> osmEn = osmEnglishNames();
        Geometry kyiv = null;
        List<GeoJsonReader.Feature> hromady = read("ua-2020-matuszak-cc-by/hromady.geojson");
        for (int i = 0; i < hromady.size(); i++)
            if (KYIV.equals(code("hromady.geojson", i)))
                kyiv = Geometries.clean(hromady.get(i).geometry(), gf);
        List<GeoJsonReader.Feature> regiony = read("ua-2020-matuszak-cc-by/regiony.geojson");
        for (int i = 0; i < regiony.size(); i++) {
            Unit u = kod.get(code("regiony.geojson", i));
            Geometry g = Geometries.clean(regiony.get(i).geometry(), gf);
            if (u.code().equals(KYIV_OBLAST) && g.contains(kyiv.getInteriorPoint())) {
                g = Geometries.clean(g.difference(kyiv), gf);
                log.add("cut Kyiv city out of Kyiv oblast");
            }
            String uk = u.category() == 'O' && !u.code().equals(CRIMEA) ? u.name() + " область" : u.name();
            put(u.code(), "oblast", "UA", uk, osmEn.get(u.code()), g);
        }
        put(KYIV, "oblast", "UA", kod.get(KYIV).name(), osmEn.get(KYIV), kyiv);
        List<GeoJsonReader.Feature> rayony = read("ua-2020-matuszak-cc-by/rayony.geojson");
        for (int i = 0; i < rayony.size(); i++) {
            Unit u = kod.get(code("rayony.geojson", i));
            String uk = u.name() + " район";
            put(
                    u.code(),
                    "raion",
                    u.parent(),
                    uk,
                    Kmu2010.romanize(u.name()) + " raion",
                    Geometries.clean(rayony.get(i).geometry(), gf));
        }
        addHromadas(hromady);
        List<Geometry> oblasts = new ArrayList<>();
        for (ZoneOut z : zones.values()) if (z.level().equals("oblast")) oblasts.add(z.geometry());
        Geometry country = Geometries.simplifyOutline(UnaryUnionOp.union(oblasts), COUNTRY_TOLERANCE, gf);
        put("UA", "country", null, "Україна", "Ukraine", country);
        checkTree();
    }

    private void addHromadas(List<GeoJsonReader.Feature> hromady) {
        Map<String, List<Geometry>> parts = new LinkedHashMap<>();
        Map<String, String> typeOf = new HashMap<>();
        int typeGuessWrong = 0;
        for (int i = 0; i < hromady.size(); i++) {
            Unit u = kod.get(code("hromady.geojson", i));
            if (u.category() != 'H') continue; // Kyiv, Sevastopol and whole Crimea: coarser levels cover them
            Geometry g = Geometries.clean(hromady.get(i).geometry(), gf);
            Unit located = recodeByLocation(u, g, i);
            parts.computeIfAbsent(located.code(), k -> new ArrayList<>()).add(g);
            String source = String.valueOf(hromady.get(i).properties().get("hromada"));
            String type = null;
            if (located == u) // a re-coded feature's type word belongs to the hromada it was mistaken for
            for (String word : source.split("\\s+")) if (word.matches("міська|селищна|сільська")) type = word;
            u = located;
            if (!u.name().equals(source.split(" ")[0].replace('\'', '’')))
                log.add("hromada " + i + ": source '" + source + "' → codifier '" + u.name() + "'");
            if (type == null && !typeOf.containsKey(u.code())) {
                type = kod.hromadaType(u.code());
                log.add("hromada " + i + " '" + source + "': type from its centre: " + type);
            } else if (type != null && !type.equals(kod.hromadaType(u.code()))) typeGuessWrong++;
            if (type != null) typeOf.put(u.code(), type);
        }
        log.add("type from the centre differs from the source's type word for " + typeGuessWrong + " hromadas");
        for (Map.Entry<String, List<Geometry>> e : parts.entrySet()) {
            Unit u = kod.get(e.getKey());
            String type = typeOf.get(u.code());
            Geometry g = e.getValue().size() == 1
                    ? e.getValue().get(0)
                    : Geometries.clean(UnaryUnionOp.union(e.getValue()), gf);
            put(
                    u.code(),
                    "hromada",
                    u.parent(),
                    u.name() + " " + type + " територіальна громада",
                    Kmu2010.romanize(u.name() + " " + type + " громада"),
                    g);
        }
    }

    /** A hromada polygon lying in another raion than its code says becomes that raion's namesake. */
    private Unit recodeByLocation(Unit u, Geometry g, int index) {
        ZoneOut raion = zones.get(u.parent());
        Geometry inside = g.getInteriorPoint();
        if (raion == null || raion.geometry().contains(inside)) return u;
        for (ZoneOut r : zones.values()) {
            if (!r.level().equals("raion") || !r.geometry().contains(inside)) continue;
            Unit other = kod.hromadaIn(r.id(), u.name());
            if (other != null) {
                log.add("hromada " + index + " lies in " + r.nameUk() + ", not " + raion.nameUk() + ": " + u.code()
                        + " → " + other.code());
                return other;
            }
            log.add("hromada " + index + " " + u.name() + " lies in " + r.nameUk() + " but its code says "
                    + raion.nameUk());
        }
        return u;
    }

    private void checkTree() {
        for (ZoneOut z : zones.values()) {
            if (z.parent() != null && !zones.containsKey(z.parent()))
                throw new IllegalStateException("no parent for " + z);
            if (!z.geometry().isValid()) throw new IllegalStateException("invalid geometry: " + z.id());
        }
        Map<String, Integer> children = new HashMap<>();
        for (ZoneOut z : zones.values()) if (z.parent() != null) children.merge(z.parent(), 1, Integer::sum);
        for (ZoneOut z : zones.values())
            if (z.level().equals("raion") && !z.id().startsWith("UA01") && !children.containsKey(z.id()))
                log.add("raion without hromadas: " + z.id() + " " + z.nameUk());
        Map<String, Integer> perLevel = new TreeMap<>();
        for (ZoneOut z : zones.values()) perLevel.merge(z.level(), 1, Integer::sum);
        log.add("zones per level: " + perLevel);
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<String> order = List.of("country", "oblast", "raion", "hromada");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out), 1 << 16);
                GeoJsonWriter w = new GeoJsonWriter(os, 5)) {
            for (String level : order)
                for (ZoneOut z : zones.values()) {
                    if (!z.level().equals(level)) continue;
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("id", z.id());
                    p.put("level", z.level());
                    p.put("parent", z.parent());
                    p.put("name_uk", z.nameUk());
                    p.put("name_en", z.nameEn());
                    w.feature(p, z.geometry());
                }
        }
    }

    private void put(String id, String level, String parent, String uk, String en, Geometry g) {
        if (en == null) throw new IllegalStateException("no English name for " + id);
        ZoneOut old = zones.put(id, new ZoneOut(id, level, parent, uk, en, g));
        if (old != null) throw new IllegalStateException("zone twice: " + id);
    }

    private String code(String file, int index) {
        String c = crosswalk.get(file + "#" + index);
        if (c == null) throw new IllegalStateException("no crosswalk row for " + file + " #" + index);
        return c;
    }

    private List<GeoJsonReader.Feature> read(String file) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            List<GeoJsonReader.Feature> features = new GeoJsonReader(gf).read(in);
            for (GeoJsonReader.Feature f : features)
                if (f.problem() != null)
                    throw new IOException(file + ": feature " + f.properties() + ": " + f.problem());
            return features;
        }
    }

    private Map<String, String> osmEnglishNames() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (GeoJsonReader.Feature f : read("osm-oblasts/ukraine_oblasts_osm.geojson"))
            out.put(
                    String.valueOf(f.properties().get("katotth")),
                    String.valueOf(f.properties().get("name:en")));
        return out;
    }
}
