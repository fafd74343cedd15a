package org.tryvoha.zone.build;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Generates the bundled place list, {@code src/main/resources/zones/ua-places.csv.gz}, from the
 * KATOTTG codifier: every city (M), selyshche (X), village (C), city district (B) and the two
 * special-status cities (K), each with the zone it lies in — its hromada, or the deepest unit of
 * its chain the bundled zone tree has (Crimea has raions only; Kyiv and Sevastopol are
 * oblast-level leaves). Run from the project root when the codifier or the zone tree changes:
 *
 * <pre>
 * ./tryvoha build &amp;&amp; /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp target/tryvoha.jar \
 *     org.tryvoha.zone.build.UkrainePlacesBuilder \
 *     ../shared/data/boundaries/katottg/kodifikator-2025-05-16.csv src/main/resources/zones/ua-places.csv.gz
 * </pre>
 *
 * <p>Output: UTF-8 lines {@code category;name_uk;zone_id}, in codifier order, no header.
 */
public final class UkrainePlacesBuilder {
    private UkrainePlacesBuilder() {}

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/zones/ua-places.csv.gz");
        ZoneTree tree = ZoneTree.loadDefault(new ShelterConfig(ShelterConfig.DEFAULT_SECONDS, Map.of(), Map.of()));
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        Map<Character, Integer> counts = new TreeMap<>();
        int fallback = 0;
        try (OutputStream file = Files.newOutputStream(out);
                Writer w = new OutputStreamWriter(new GZIPOutputStream(file), StandardCharsets.UTF_8)) {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.replace("\uFEFF", "").split(";", -1);
                if (f.length < 7 || f[5].isBlank()) continue;
                char category = f[5].trim().charAt(0);
                if ("MXCBK".indexOf(category) < 0) continue;
                String zone = null;
                for (int i = 4; i >= 0 && zone == null; i--) {
                    String code = f[i].trim();
                    if (!code.isEmpty() && tree.get(code).isPresent()) zone = code;
                }
                if (zone == null) throw new IllegalStateException("no zone for " + line);
                if (!zone.equals(f[2].trim()) && category != 'K') fallback++;
                w.write(category + ";" + f[6].trim() + ";" + zone + "\n");
                counts.merge(category, 1, Integer::sum);
            }
        }
        System.out.println("places by category " + counts + "; " + fallback
                + " placed in a raion or oblast zone (no hromada zone), written to " + out);
    }
}
