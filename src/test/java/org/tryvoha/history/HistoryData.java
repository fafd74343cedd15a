package org.tryvoha.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert-history test files, read the plain way (String.split, the region-name crosswalk file)
 * so tests can check the importer and the statistics against an independent reading. By default
 * the slice of the public record in src/test/resources/alerts-history (see its README);
 * -Dtryvoha.test.history=DIR runs the same tests on other copies of the files, e.g. the full record.
 */
public final class HistoryData {
    public static final Path DIR = dir();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    private HistoryData() {}

    private static Path dir() {
        String property = System.getProperty("tryvoha.test.history");
        if (property != null) return Path.of(property);
        return resource("/alerts-history/official_data_en.csv").getParent();
    }

    /** A file of the classpath (src/test/resources or src/main/resources), as a path. */
    static Path resource(String name) {
        URL url = HistoryData.class.getResource(name);
        if (url == null)
            throw new AssertionError(
                    "test resource " + name + " is not on the classpath (run the tests through Maven)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String name) {
        Path f = DIR.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new AssertionError("the alert-history test data is missing: " + f.toAbsolutePath()
                    + "\nThe tests read official_data_en.csv, official_data_uk.csv and volunteer_data_en.csv from"
                    + " src/test/resources/alerts-history, or from the folder -Dtryvoha.test.history=DIR names.");
        }
        return f;
    }

    /** The region-name crosswalk (names → KATOTTG codes), the copy bundled with the server. */
    static Path crosswalk() {
        return resource("/history/region_names_katottg.csv");
    }

    static List<String[]> rows(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> out = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) out.add(l.split(",", -1));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String[]> rows(String name) {
        return rows(file(name));
    }

    /** One alert as read here: zone code, start and end in epoch seconds (end Long.MAX_VALUE: still in force). */
    record Span(String zone, long start, long end) {}

    /** Every alert of an official file whose region the crosswalk knows. */
    static List<Span> official(String name) {
        Map<String, String> codes = new HashMap<>();
        for (String[] r : rows(crosswalk())) {
            if (!r[0].startsWith("official")) continue;
            codes.put(r[1] + "/" + r[2] + "/" + r[3] + "/" + r[4], r[8]);
            codes.put(r[1] + "/" + r[5] + "/" + r[6] + "/" + r[7], r[8]);
        }
        List<Span> out = new ArrayList<>();
        for (String[] r : rows(name)) {
            String code = codes.get(r[3] + "/" + r[0] + "/" + r[1] + "/" + r[2]);
            if (code != null) out.add(new Span(code, sec(r[4]), sec(r[5])));
        }
        return out;
    }

    /** Every alert of a volunteer file. */
    static List<Span> volunteer(String name) {
        Map<String, String> codes = new HashMap<>();
        for (String[] r : rows(crosswalk())) {
            if (r[0].equals("volunteer")) {
                codes.put(r[2], r[8]);
                codes.put(r[5], r[8]);
            }
        }
        List<Span> out = new ArrayList<>();
        for (String[] r : rows(name)) out.add(new Span(codes.get(r[0]), sec(r[1]), sec(r[2])));
        return out;
    }

    /** Rows of an official file with a raion name in the oblast column (the dataset's one swapped row). */
    static long swapped(String name) {
        return rows(name).stream()
                .filter(r -> r[0].endsWith(" raion") || r[0].endsWith(" район"))
                .count();
    }

    /** The two permanent alerts of the dataset's README (Luhansk oblast, Crimea). */
    static List<Span> permanent() {
        return List.of(
                new Span(
                        "UA44000000000018893",
                        Instant.parse("2022-04-04T16:45:00Z").getEpochSecond(),
                        Long.MAX_VALUE),
                new Span(
                        "UA01000000000013043",
                        Instant.parse("2022-12-10T22:22:00Z").getEpochSecond(),
                        Long.MAX_VALUE));
    }

    static long sec(String t) {
        return OffsetDateTime.parse(t, TIME).toEpochSecond();
    }
}
