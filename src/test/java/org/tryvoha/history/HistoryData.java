package org.tryvoha.history;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The real alert-history files in ../shared/data/alerts-history, read the plain way (String.split,
 * the crosswalk file from the same folder) so tests can check the importer and the statistics
 * against an independent reading. Fails with a clear message when the folder is missing.
 */
final class HistoryData {
  static final Path DIR = Path.of(System.getProperty("tryvoha.test.history", "../shared/data/alerts-history"));
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

  private HistoryData() {}

  static Path file(String name) {
    Path f = DIR.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new AssertionError("the alert-history test data is missing: " + f.toAbsolutePath()
          + "\nThese tests read the public record (github.com/Vadimkin/ukrainian-air-raid-sirens-dataset, MIT) from"
          + " ../shared/data/alerts-history; put official_data_en.csv, official_data_uk.csv, volunteer_data_en.csv,"
          + " volunteer_data_uk.csv and region_names_katottg.csv there, or point -Dtryvoha.test.history=DIR at them.");
    }
    return f;
  }

  static List<String[]> rows(String name) {
    try {
      List<String> lines = Files.readAllLines(file(name));
      List<String[]> out = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) out.add(l.split(",", -1));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One alert as read here: zone code, start and end in epoch seconds (end Long.MAX_VALUE: still in force). */
  record Span(String zone, long start, long end) {}

  /** Every alert of an official file whose region the crosswalk knows. */
  static List<Span> official(String name) {
    Map<String, String> codes = new HashMap<>();
    for (String[] r : rows("region_names_katottg.csv")) {
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
    for (String[] r : rows("region_names_katottg.csv")) {
      if (r[0].equals("volunteer")) {
        codes.put(r[2], r[8]);
        codes.put(r[5], r[8]);
      }
    }
    List<Span> out = new ArrayList<>();
    for (String[] r : rows(name)) out.add(new Span(codes.get(r[0]), sec(r[1]), sec(r[2])));
    return out;
  }

  /** The two permanent alerts of the dataset's README (Luhansk oblast, Crimea). */
  static List<Span> permanent() {
    return List.of(new Span("UA44000000000018893", Instant.parse("2022-04-04T16:45:00Z").getEpochSecond(), Long.MAX_VALUE),
        new Span("UA01000000000013043", Instant.parse("2022-12-10T22:22:00Z").getEpochSecond(), Long.MAX_VALUE));
  }

  private static long sec(String t) {
    return OffsetDateTime.parse(t, TIME).toEpochSecond();
  }
}
