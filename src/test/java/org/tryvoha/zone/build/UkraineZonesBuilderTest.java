package org.tryvoha.zone.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.tryvoha.zone.GeoJsonReader;
import org.tryvoha.zone.ZoneTree;

/**
 * The generator on a slice of its sources (src/test/resources/boundaries, see its README: four
 * oblast-level units, Kyiv and Sevastopol, three raions with all their hromadas) makes exactly the
 * zones of the bundled resource, feature by feature. With -Dtryvoha.test.boundaries=DIR naming the
 * full sources (e.g. ../shared/data/boundaries), the same test checks that they regenerate the whole
 * resource byte for byte.
 */
class UkraineZonesBuilderTest {
    static final String PROPERTY = "tryvoha.test.boundaries";

    static Path sources() throws URISyntaxException {
        String dir = System.getProperty(PROPERTY);
        if (dir != null) return Path.of(dir);
        return Path.of(UkraineZonesBuilderTest.class
                        .getResource("/boundaries/boundaries_katottg_crosswalk.csv")
                        .toURI())
                .getParent();
    }

    @Test
    void theSourcesMakeTheSameZonesAsTheBundledResource(@TempDir Path tmp) throws Exception {
        Path sources = sources();
        boolean full = System.getProperty(PROPERTY) != null;
        assertThat(sources.resolve("boundaries_katottg_crosswalk.csv"))
                .as("the boundary sources (-D" + PROPERTY + "=DIR)")
                .isRegularFile();
        Path out = tmp.resolve("ua-zones.geojson.gz");
        UkraineZonesBuilder builder = new UkraineZonesBuilder(sources);
        builder.build();
        builder.write(out);

        Map<String, JsonNode> fresh = byId(Files.newInputStream(out));
        Map<String, JsonNode> bundled = byId(ZoneTree.class.getResourceAsStream(ZoneTree.DEFAULT_RESOURCE));
        // the codes the crosswalk gives the source features, plus the hromada a misplaced feature is re-coded to
        Set<String> codes = new HashSet<>();
        List<String> crosswalk = Files.readAllLines(sources.resolve("boundaries_katottg_crosswalk.csv"));
        for (String line : crosswalk.subList(1, crosswalk.size())) codes.add(line.split(",")[5]);
        codes.add("UA74080190000091939");
        codes.add("UA");
        assertThat(fresh.keySet()).as("every unit of the sources is a zone").isEqualTo(codes);
        assertThat(fresh.values())
                .extracting(z -> z.path("properties").path("level").asText())
                .contains("country", "oblast", "raion", "hromada");
        for (Map.Entry<String, JsonNode> e : fresh.entrySet()) {
            if (e.getKey().equals("UA") && !full) continue; // from a slice: the union of the slice's oblasts only
            assertThat(e.getValue())
                    .as("zone %s: regenerate the resource with the command in NOTICE", e.getKey())
                    .isEqualTo(bundled.get(e.getKey()));
        }
        assertThat(builder.log)
                .anyMatch(line -> line.contains("UA74040330000024949 → UA74080190000091939"))
                .anyMatch(line -> line.contains("source 'Сєверодонецька міська громада' → codifier 'Сєвєродонецька'"))
                .anyMatch(line -> line.contains("type from its centre"));

        // the country outline covers each oblast-level zone
        List<GeoJsonReader.Feature> features;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            features = new GeoJsonReader(new GeometryFactory()).read(in);
        }
        Geometry country = features.stream()
                .filter(f -> f.properties().get("id").equals("UA"))
                .findFirst()
                .orElseThrow()
                .geometry();
        for (GeoJsonReader.Feature f : features)
            if (f.properties().get("level").equals("oblast"))
                assertThat(country.contains(f.geometry().getInteriorPoint()))
                        .as(f.properties().get("id").toString())
                        .isTrue();

        if (full) {
            try (InputStream a = new GZIPInputStream(Files.newInputStream(out));
                    InputStream b =
                            new GZIPInputStream(ZoneTree.class.getResourceAsStream(ZoneTree.DEFAULT_RESOURCE))) {
                assertThat(a.readAllBytes())
                        .as("regenerate with the command in NOTICE")
                        .isEqualTo(b.readAllBytes());
            }
        }
    }

    @Test
    void csvSplitsQuotedFields() {
        assertThat(Csv.split("a,\"b, c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b, c", "say \"hi\"", "");
    }

    /** The features of a gzipped zone file, by id. */
    private static Map<String, JsonNode> byId(InputStream gz) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (InputStream in = new GZIPInputStream(gz)) {
            for (JsonNode f : new ObjectMapper().readTree(in).path("features"))
                out.put(f.path("properties").path("id").asText(), f);
        }
        return out;
    }
}
