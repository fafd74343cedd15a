package org.tryvoha.zone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** The bundled Ukraine resource, checked against known places. */
class UkraineZoneTreeTest {
    static final String KHARKIV_OBLAST = "UA63000000000041885";
    static final String KHARKIVSKYI_RAION = "UA63120000000091135";
    static final String KHARKIV_HROMADA = "UA63120270000028556";
    static final String KYIV = "UA80000000000093317";
    static final String CRIMEA = "UA01000000000013043";
    static final String LVIV_OBLAST = "UA46000000000026241";

    static ZoneTree tree;
    final GeometryFactory gf = new GeometryFactory();

    @BeforeAll
    static void load() {
        long t0 = System.nanoTime();
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        System.out.printf(
                "Ukraine zone tree: %d zones loaded in %d ms%n", tree.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    static List<String> ids(List<Zone> zones) {
        return zones.stream().map(Zone::id).toList();
    }

    @Test
    void kharkivCentreIsKharkivHromadaInKharkivskyiRaion() {
        assertThat(ids(tree.zonesAt(49.9935, 36.2304)))
                .containsExactly(KHARKIV_HROMADA, KHARKIVSKYI_RAION, KHARKIV_OBLAST, "UA");
        Zone h = tree.get(KHARKIV_HROMADA).orElseThrow();
        assertThat(h.level()).isEqualTo(ZoneLevel.HROMADA);
        assertThat(h.nameUk()).isEqualTo("Харківська міська територіальна громада");
        assertThat(h.nameEn()).isEqualTo("Kharkivska miska hromada");
        assertThat(h.parent().nameUk()).isEqualTo("Харківський район");
        assertThat(h.parent().nameEn()).isEqualTo("Kharkivskyi raion");
        assertThat(h.parent().parent().nameUk()).isEqualTo("Харківська область");
        assertThat(h.parent().parent().nameEn()).isEqualTo("Kharkiv Oblast");
    }

    @Test
    void kyivIsAnOblastLevelLeaf() {
        assertThat(ids(tree.zonesAt(50.4501, 30.5234))).containsExactly(KYIV, "UA");
        Zone kyiv = tree.get(KYIV).orElseThrow();
        assertThat(kyiv.level()).isEqualTo(ZoneLevel.OBLAST);
        assertThat(kyiv.children()).isEmpty();
        assertThat(kyiv.nameEn()).isEqualTo("Kyiv");
        List<Zone> bilaTserkva = tree.zonesAt(49.7968, 30.1311); // in Kyiv oblast, not the city
        assertThat(bilaTserkva).hasSize(4);
        assertThat(bilaTserkva.get(0).nameEn()).isEqualTo("Bilotserkivska miska hromada");
        assertThat(bilaTserkva.get(2).nameEn()).isEqualTo("Kyiv Oblast");
    }

    @Test
    void lvivResolvesToLvivHromadaRaionOblast() {
        List<Zone> chain = tree.zonesAt(49.8397, 24.0297);
        assertThat(chain)
                .extracting(Zone::nameEn)
                .containsExactly("Lvivska miska hromada", "Lvivskyi raion", "Lviv Oblast", "Ukraine");
        assertThat(chain.get(2).id()).isEqualTo(LVIV_OBLAST);
    }

    @Test
    void seaAndNeighboursAreOutside() {
        assertThat(tree.zonesAt(43.5, 32.0)).isEmpty(); // Black Sea
        assertThat(tree.zonesAt(50.5954, 36.5873)).isEmpty(); // Belgorod
        assertThat(tree.zonesAt(52.2297, 21.0122)).isEmpty(); // Warsaw
        assertThat(tree.zonesAt(47.0105, 28.8638)).isEmpty(); // Chisinau
    }

    @Test
    void crimeaResolvesToACrimeanRaionLeaf() {
        List<Zone> chain = tree.zonesAt(44.9521, 34.1024); // Simferopol
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0).level()).isEqualTo(ZoneLevel.RAION);
        assertThat(chain.get(0).children()).isEmpty();
        assertThat(chain.get(1).id()).isEqualTo(CRIMEA);
        assertThat(ids(tree.zonesAt(44.6166, 33.5254))).containsExactly("UA85000000000065278", "UA"); // Sevastopol
    }

    @Test
    void countsPerLevel() {
        assertThat(tree.root().id()).isEqualTo("UA");
        assertThat(tree.root().children()).hasSize(27);
        assertThat(count(ZoneLevel.OBLAST)).isEqualTo(27);
        assertThat(count(ZoneLevel.RAION)).isEqualTo(136);
        assertThat(count(ZoneLevel.HROMADA)).isBetween(1460L, 1480L);
        long leaves = tree.all().stream().filter(Zone::isLeaf).count();
        assertThat(leaves).isEqualTo(count(ZoneLevel.HROMADA) + 10 + 2); // + Crimean raions, Kyiv, Sevastopol
        assertThat(tree.descendants(tree.root())).hasSize(tree.size() - 1);
    }

    private long count(ZoneLevel level) {
        return tree.all().stream().filter(z -> z.level() == level).count();
    }

    @Test
    void everyChainIsConsistent() {
        for (Zone z : tree.all()) {
            List<Zone> chain = tree.chain(z);
            assertThat(chain.get(0)).isSameAs(z);
            assertThat(chain.get(chain.size() - 1)).isSameAs(tree.root());
            for (int i = 0; i + 1 < chain.size(); i++) {
                assertThat(chain.get(i).level().ordinal())
                        .isGreaterThan(chain.get(i + 1).level().ordinal());
                assertThat(chain.get(i + 1).children()).contains(chain.get(i));
                assertThat(chain.get(i).id()).as("KATOTTG prefix of %s", z).startsWith(prefix(chain.get(i + 1)));
            }
            assertThat(z.geometry().isValid()).as("valid geometry of %s", z).isTrue();
            assertThat(z.nameUk()).isNotBlank();
            assertThat(z.nameEn()).isNotBlank().matches("[A-Za-z0-9 .'()\\-]+");
            assertThat(tree.get(z.id())).containsSame(z);
        }
    }

    /** The code prefix a child shares: oblast "UA63", raion "UA6312"; the root shares "UA". */
    private static String prefix(Zone z) {
        return switch (z.level()) {
            case COUNTRY -> "UA";
            case OBLAST -> z.id().substring(0, 4);
            case RAION -> z.id().substring(0, 6);
            case HROMADA -> z.id().substring(0, 9);
        };
    }

    @Test
    void talalaivskaIsOneZoneInEachOfItsRaions() {
        List<Zone> named = tree.search("Талалаївська", 10);
        assertThat(named).extracting(Zone::id).contains("UA74040330000024949", "UA74080190000091939");
    }

    @Test
    void pointsResolveToTheirLeafOwnPolygonMostly() {
        int checked = 0, inOwn = 0;
        for (Zone z : tree.all()) {
            if (!z.isLeaf()) continue;
            var p = z.geometry().getInteriorPoint();
            List<Zone> chain = tree.zonesAt(p.getY(), p.getX());
            assertThat(chain).as("interior point of %s", z).isNotEmpty();
            assertThat(chain.get(0).isLeaf()).isTrue();
            checked++;
            if (chain.get(0) == z) inOwn++;
        }
        assertThat(inOwn).isGreaterThan(checked * 99 / 100);
    }

    @Test
    void leavesIntersectingASquareAroundKharkiv() {
        Geometry square = gf.toGeometry(new Envelope(36.05, 36.45, 49.88, 50.10));
        List<Zone> leaves = tree.leavesIntersecting(square);
        assertThat(ids(leaves)).contains(KHARKIV_HROMADA);
        assertThat(leaves).hasSizeGreaterThan(3).allMatch(Zone::isLeaf);
        assertThat(leaves).allSatisfy(z -> assertThat(z.id()).startsWith("UA63"));
        Geometry tiny = gf.createPoint(new Coordinate(36.2304, 49.9935)).buffer(0.001);
        assertThat(ids(tree.leavesIntersecting(tiny))).containsExactly(KHARKIV_HROMADA);
    }

    @Test
    void searchFindsNamesInBothAlphabets() {
        // the city (its hromada) first: a settlement of that exact name outranks the oblast's prefix match
        assertThat(tree.search("харків", 5).get(0).id()).isEqualTo(KHARKIV_HROMADA);
        assertThat(tree.search("Kharkiv", 5).get(0).id()).isEqualTo(KHARKIV_HROMADA);
        assertThat(ids(tree.search("Kharkiv", 5))).contains(KHARKIV_OBLAST, KHARKIVSKYI_RAION);
        assertThat(tree.search("kyiv", 3).get(0).id()).isEqualTo(KYIV);
        assertThat(tree.search("киів", 3).get(0).id()).isEqualTo(KYIV);
        assertThat(ids(tree.search("kamianets-podilskyi", 5))).contains("UA68020000000016021");
        assertThat(tree.search("Камянець", 5)).isNotEmpty();
        assertThat(tree.search("no such place", 5)).isEmpty();
        assertThat(tree.search("ська", 7)).hasSize(7);
    }

    @Test
    void geoJsonLayersAreCompleteAndSmallWhenSimplified() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long simplifiedTotal = 0;
        for (ZoneLevel level : ZoneLevel.values()) {
            byte[] full = tree.geoJson(level, false);
            byte[] simple = tree.geoJson(level, true);
            assertThat(tree.geoJson(level, true)).isSameAs(simple);
            assertThat(simple.length).isLessThan(full.length);
            if (level != ZoneLevel.COUNTRY) simplifiedTotal += simple.length;
            JsonNode fc = mapper.readTree(simple);
            assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
            Set<String> ids = new HashSet<>();
            for (JsonNode f : fc.get("features")) {
                JsonNode p = f.get("properties");
                assertThat(p.get("level").asText()).isEqualTo(level.wire());
                assertThat(p.get("shelter_seconds").asInt()).isEqualTo(ShelterConfig.DEFAULT_SECONDS);
                assertThat(f.get("geometry").get("type").asText()).isIn("Polygon", "MultiPolygon");
                ids.add(p.get("id").asText());
            }
            assertThat(ids).hasSize((int)
                    tree.all().stream().filter(z -> z.level() == level).count());
            System.out.printf("geoJson %s: %d bytes, simplified %d bytes%n", level.wire(), full.length, simple.length);
        }
        assertThat(simplifiedTotal).isLessThan(2_000_000);
    }
}
