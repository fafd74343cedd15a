package org.tryvoha.zone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The grid in front of the zone index answers exactly what the exact lookup answers, for every
 * point: random points over the country, the sea and the neighbours; every polygon vertex, edge
 * midpoint and points a hair's breadth from them; points on the grid's own cell edges; and a
 * hand-made tree with overlapping leaves, holes, gaps, tiny parts and a leaf abroad.
 */
class ZoneGridTest {
    static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);

    /**
     * A 1°×1° country: oblast A (four hromadas: a square, a smaller triangle over it, one with a hole
     * that no leaf fills, one of two parts, one of them tiny; and a bump on A's west side that no leaf
     * covers), an oblast-level leaf K with slanted edges and a hole in no zone, oblast B → raion R →
     * two hromadas sharing an edge and one lying abroad.
     */
    static final String TANGLELAND = """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"id":"T","level":"country","name_en":"Tangleland"},
        "geometry":{"type":"Polygon","coordinates":[[[30,40],[31,40],[31,41],[30,41],[30,40]]]}},
       {"type":"Feature","properties":{"id":"T-A","level":"oblast","parent":"T","name_en":"A"},
        "geometry":{"type":"Polygon","coordinates":[[[30,40],[30.5137,40],[30.5137,41],[30,41],[30,40.9],[29.95,40.85],[30,40.8],[30,40]]]}},
       {"type":"Feature","properties":{"id":"T-A-1","level":"hromada","parent":"T-A","name_en":"A1"},
        "geometry":{"type":"Polygon","coordinates":[[[30,40],[30.25,40],[30.25,40.5],[30,40.5],[30,40]]]}},
       {"type":"Feature","properties":{"id":"T-A-2","level":"hromada","parent":"T-A","name_en":"A2"},
        "geometry":{"type":"Polygon","coordinates":[[[30.2,40.2],[30.4,40.21],[30.3,40.43],[30.2,40.2]]]}},
       {"type":"Feature","properties":{"id":"T-A-3","level":"hromada","parent":"T-A","name_en":"A3"},
        "geometry":{"type":"Polygon","coordinates":[[[30.02,40.55],[30.5,40.55],[30.5,40.95],[30.02,40.95],[30.02,40.55]],
          [[30.1,40.6],[30.3,40.6],[30.2,40.8],[30.1,40.6]]]}},
       {"type":"Feature","properties":{"id":"T-A-4","level":"hromada","parent":"T-A","name_en":"A4"},
        "geometry":{"type":"MultiPolygon","coordinates":[[[[30.3001,40.3001],[30.3009,40.3001],[30.3009,40.3009],[30.3001,40.3001]]],
          [[[30.45,40.05],[30.5,40.05],[30.5,40.1],[30.45,40.1],[30.45,40.05]]]]}},
       {"type":"Feature","properties":{"id":"T-K","level":"oblast","parent":"T","name_en":"K"},
        "geometry":{"type":"Polygon","coordinates":[[[30.6,40.1],[30.9,40.15],[30.95,40.6],[30.62,40.7],[30.6,40.1]],
          [[30.7,40.3],[30.8,40.3],[30.8,40.4],[30.7,40.4],[30.7,40.3]]]}},
       {"type":"Feature","properties":{"id":"T-B","level":"oblast","parent":"T","name_en":"B"},
        "geometry":{"type":"Polygon","coordinates":[[[30.5137,40.7],[31,40.7],[31,41],[30.5137,41],[30.5137,40.7]]]}},
       {"type":"Feature","properties":{"id":"T-B-R","level":"raion","parent":"T-B","name_en":"R"},
        "geometry":{"type":"Polygon","coordinates":[[[30.5137,40.7],[31,40.7],[31,41],[30.5137,41],[30.5137,40.7]]]}},
       {"type":"Feature","properties":{"id":"T-B-R-1","level":"hromada","parent":"T-B-R","name_en":"R1"},
        "geometry":{"type":"Polygon","coordinates":[[[30.52,40.72],[30.8,40.72],[30.8,40.99],[30.52,40.99],[30.52,40.72]]]}},
       {"type":"Feature","properties":{"id":"T-B-R-2","level":"hromada","parent":"T-B-R","name_en":"R2"},
        "geometry":{"type":"Polygon","coordinates":[[[30.8,40.72],[30.99,40.72],[30.99,40.99],[30.8,40.99],[30.8,40.72]]]}},
       {"type":"Feature","properties":{"id":"T-B-R-3","level":"hromada","parent":"T-B-R","name_en":"R3"},
        "geometry":{"type":"Polygon","coordinates":[[[31.1,40.2],[31.2,40.2],[31.2,40.3],[31.1,40.2]]]}}
      ]}
      """;

    @Test
    void ukraineGridAgreesWithTheExactLookupEverywhere() {
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        ZoneIndex index = tree.index();
        Envelope bbox = new Envelope(21.0, 41.5, 43.5, 53.5); // the country, the Black Sea and the neighbours
        Random random = new Random(7);
        int land = 0, direct = 0;
        for (int i = 0; i < 200_000; i++) {
            double lon = bbox.getMinX() + random.nextDouble() * bbox.getWidth();
            double lat = bbox.getMinY() + random.nextDouble() * bbox.getHeight();
            Zone leaf = agree(index, lat, lon);
            if (leaf == null) continue;
            land++;
            if (index.grid().codeAt(lon, lat) != ZoneGrid.EXACT) direct++;
        }
        assertThat(land).isBetween(60_000, 90_000); // Ukraine is ~37% of the box
        // the point of the grid: most points on land need no polygon test
        assertThat(direct).isGreaterThan(land * 3 / 4);
        int vertices = nearEveryVertex(index, tree.all(), tree.root(), random);
        assertThat(vertices).isGreaterThan(200_000);
        onCellEdges(index, random, 20_000);
        ZoneGrid grid = index.grid();
        assertThat(grid.cellSize()).isEqualTo(ZoneIndex.CELL_DEGREES);
        assertThat(grid.cols() * grid.rows()).isBetween(1_000_000, 2_000_000);
        assertThat(grid.bytes()).isLessThan(4L << 20);
        assertThat(grid.directCells()).isGreaterThan(grid.cols() * grid.rows() * 4 / 5);
    }

    @Test
    void handMadeTreeAgreesAtEveryCellSize() throws IOException {
        ZoneTree tree = ZoneTree.load(new ByteArrayInputStream(TANGLELAND.getBytes(UTF_8)), ShelterConfig.defaults());
        // the cases the tree is made for, through the public lookup
        assertThat(leafId(tree, 40.1, 30.1)).isEqualTo("T-A-1");
        assertThat(leafId(tree, 40.25, 30.24)).isEqualTo("T-A-2"); // in A1 too: the smaller wins
        assertThat(leafId(tree, 40.3005, 30.3007)).isEqualTo("T-A-4"); // the tiny part, inside A2
        assertThat(leafId(tree, 40.65, 30.2)).isEqualTo("T-A-3"); // the hole: nearest leaf of A
        assertThat(leafId(tree, 40.52, 30.4)).isNotNull(); // the gap between A1 and A3, in A
        assertThat(leafId(tree, 40.22, 31.18)).isEqualTo("T-B-R-3"); // abroad, still a leaf
        assertThat(tree.zonesAt(40.05, 30.95)).isEmpty(); // in the country only: no zone below the root
        assertThat(tree.zonesAt(40.35, 30.75)).isEmpty(); // K's hole
        assertThat(leafId(tree, 40.85, 29.97)).isEqualTo("T-A-3"); // A's bump: the nearest leaf of A
        assertThat(leafId(tree, 40.9, 30.8)).isIn("T-B-R-1", "T-B-R-2");
        Random random = new Random(11);
        for (double cell : new double[] {ZoneIndex.CELL_DEGREES, 0.1, 0.0037, 0.05}) {
            ZoneIndex index = new ZoneIndex(tree.all(), tree.root(), GF, cell);
            assertThat(index.grid().cellSize()).isEqualTo(cell);
            for (int i = 0; i < 50_000; i++)
                agree(index, 39.9 + random.nextDouble() * 1.2, 29.9 + random.nextDouble() * 1.4);
            nearEveryVertex(index, tree.all(), tree.root(), random);
            onCellEdges(index, random, 20_000);
        }
    }

    private static String leafId(ZoneTree tree, double lat, double lon) {
        List<Zone> chain = tree.zonesAt(lat, lon);
        return chain.isEmpty() ? null : chain.get(0).id();
    }

    /** The grid's answer, after checking it is the exact lookup's. */
    private static Zone agree(ZoneIndex index, double lat, double lon) {
        Zone exact = index.exactLeafAt(lat, lon);
        Zone fast = index.leafAt(lat, lon);
        if (fast != exact) {
            throw new AssertionError("at lat %s lon %s (cell code %d): grid %s, exact %s"
                    .formatted(lat, lon, index.grid().codeAt(lon, lat), fast, exact));
        }
        return fast;
    }

    /** Every vertex of every indexed polygon, the midpoint of its edge, and points very near both. */
    private static int nearEveryVertex(ZoneIndex index, Iterable<Zone> zones, Zone root, Random random) {
        int n = 0;
        for (Zone z : zones) {
            if (z == root) continue;
            Coordinate[] cs = z.geometry().getCoordinates();
            for (int i = 0; i < cs.length; i++) {
                Coordinate c = cs[i], d = cs[(i + 1) % cs.length];
                agree(index, c.y, c.x);
                agree(index, (c.y + d.y) / 2, (c.x + d.x) / 2);
                for (int k = 0; k < 2; k++) {
                    double scale = Math.pow(10, -3 - 3 * random.nextInt(4)); // 1e-3, 1e-6, 1e-9, 1e-12 degrees
                    agree(
                            index,
                            c.y + (random.nextDouble() * 2 - 1) * scale,
                            c.x + (random.nextDouble() * 2 - 1) * scale);
                }
                n++;
            }
        }
        return n;
    }

    /** Points on the grid's cell edges and corners, and one unit in the last place either side. */
    private static void onCellEdges(ZoneIndex index, Random random, int count) {
        ZoneGrid g = index.grid();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double x = g.minX() + random.nextInt(g.cols() + 1) * g.cellSize();
            double y = g.minY() + random.nextInt(g.rows() + 1) * g.cellSize();
            double freeX = g.minX() + random.nextDouble() * g.cols() * g.cellSize();
            double freeY = g.minY() + random.nextDouble() * g.rows() * g.cellSize();
            points.add(new double[] {y, x});
            points.add(new double[] {freeY, x});
            points.add(new double[] {y, freeX});
            points.add(new double[] {Math.nextUp(y), Math.nextDown(x)});
            points.add(new double[] {Math.nextDown(y), Math.nextUp(x)});
        }
        for (double[] p : points) agree(index, p[0], p[1]);
    }

    @Test
    void offTheGridAndNotANumberGoToTheExactLookup() throws IOException {
        ZoneTree tree = ZoneTree.load(new ByteArrayInputStream(TANGLELAND.getBytes(UTF_8)), ShelterConfig.defaults());
        ZoneGrid g = tree.index().grid();
        assertThat(g.codeAt(Double.NaN, 40.5)).isEqualTo(ZoneGrid.EXACT);
        assertThat(g.codeAt(30.5, Double.NaN)).isEqualTo(ZoneGrid.EXACT);
        assertThat(g.codeAt(29.0, 40.5)).isEqualTo(ZoneGrid.EXACT);
        assertThat(g.codeAt(30.5, 45.0)).isEqualTo(ZoneGrid.EXACT);
        assertThat(tree.zonesAt(Double.NaN, 30.5)).isEmpty();
        assertThat(tree.zonesAt(45.0, 30.5)).isEmpty();
        assertThat(g.codeAt(30.1, 40.1)).isNotEqualTo(ZoneGrid.EXACT); // deep inside A1
    }
}
