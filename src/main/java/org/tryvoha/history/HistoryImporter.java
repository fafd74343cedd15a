package org.tryvoha.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tryvoha.zone.ZoneTree;
import org.tryvoha.zone.build.Csv;

/**
 * Imports the public alert record (Vadimkin/ukrainian-air-raid-sirens-dataset CSVs) into a
 * {@link HistoryStore}: official rows (oblast, raion, hromada level, since 2022-03-15) and, when
 * asked, volunteer rows (oblast level, since 2022-02-25), tied to zones by KATOTTG code, plus the
 * two permanent alerts the files leave out. Idempotent: a row already stored is counted, not added.
 */
public final class HistoryImporter {
    static final String OFFICIAL_HEADER = "oblast,raion,hromada,level,started_at,finished_at,source";
    static final String VOLUNTEER_HEADER = "region,started_at,finished_at,naive";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]XXX");
    private static final int BATCH = 5_000;

    /** Luhansk oblast since 2022-04-04 16:45 UTC and Crimea since 2022-12-10 22:22 UTC (dataset README). */
    public static final List<HistoryAlert> PERMANENT = List.of(
            new HistoryAlert(
                    HistoryAlert.PERMANENT, "UA44000000000018893", Instant.parse("2022-04-04T16:45:00Z"), null, false),
            new HistoryAlert(
                    HistoryAlert.PERMANENT, "UA01000000000013043", Instant.parse("2022-12-10T22:22:00Z"), null, false));

    /** What an import did: rows read, added, already present, and skipped rows by reason; files by kind. */
    public record Report(
            long read,
            long imported,
            long present,
            Map<String, Long> skipped,
            List<String> files,
            List<String> ignored) {
        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final HistoryStore store;
    private final ZoneTree tree;
    private final Crosswalk names = Crosswalk.load();

    public HistoryImporter(HistoryStore store, ZoneTree tree) {
        this.store = store;
        this.tree = tree;
    }

    /** The alert CSVs in {@code paths} (files, or directories searched one level deep for *.csv). */
    public Report importPaths(List<Path> paths, boolean volunteer, Instant now) throws IOException {
        Counter n = new Counter();
        List<String> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path f : expand(paths)) {
            String kind = kind(f);
            boolean explicit = paths.contains(f);
            if (kind == null) {
                if (explicit)
                    throw new IllegalArgumentException(f + " is not an alert-history CSV (its first line is neither '"
                            + OFFICIAL_HEADER + "' nor '" + VOLUNTEER_HEADER + "')");
                continue; // e.g. region_names_katottg.csv beside the alert files
            }
            if (kind.equals(HistoryAlert.VOLUNTEER) && !volunteer) {
                ignored.add(f + " (volunteer dataset: add --volunteer to import it)");
                continue;
            }
            files.add(f.toString());
            readFile(f, kind, n, now);
        }
        if (files.isEmpty())
            throw new IllegalArgumentException("no alert-history CSV found in " + paths
                    + " (expected official_data_*.csv and, with --volunteer, volunteer_data_*.csv)");
        n.flush(now);
        n.pending.addAll(PERMANENT);
        n.flush(now);
        if (n.imported > 0) store.recordImport(String.join(", ", files), n.imported, now);
        return new Report(n.read, n.imported, n.present, n.skipped, files, ignored);
    }

    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".csv"))
                            .sorted()
                            .forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
        }
        return out;
    }

    private static String kind(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) return null;
            header = header.strip().replace("\uFEFF", "");
            return header.equals(OFFICIAL_HEADER)
                    ? HistoryAlert.OFFICIAL
                    : header.equals(VOLUNTEER_HEADER) ? HistoryAlert.VOLUNTEER : null;
        }
    }

    private void readFile(Path f, String kind, Counter n, Instant now) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) continue;
                n.read++;
                List<String> c = Csv.split(line);
                Object row = kind.equals(HistoryAlert.OFFICIAL) ? official(c) : volunteer(c);
                if (row instanceof String reason) n.skip(reason);
                else n.add((HistoryAlert) row, now);
            }
        }
    }

    /** The alert of an official row, or the reason it is skipped. */
    private Object official(List<String> c) {
        if (c.size() != 7) return "wrong number of columns";
        String level = c.get(3);
        if (!level.equals("oblast") && !level.equals("raion") && !level.equals("hromada")) return "unknown level";
        String code = names.official(level, c.get(0), c.get(1), c.get(2));
        if (code == null) {
            return names.official("oblast", c.get(1), "", "") != null && isRaion(c.get(0))
                    ? "oblast and raion columns swapped"
                    : "unknown region";
        }
        return alert(HistoryAlert.OFFICIAL, code, c.get(4), c.get(5), false);
    }

    /** The alert of a volunteer row, or the reason it is skipped. */
    private Object volunteer(List<String> c) {
        if (c.size() != 4) return "wrong number of columns";
        String code = names.volunteer(c.get(0));
        if (code == null) return "unknown region";
        return alert(HistoryAlert.VOLUNTEER, code, c.get(1), c.get(2), c.get(3).equalsIgnoreCase("true"));
    }

    private Object alert(String source, String code, String start, String end, boolean naive) {
        if (tree.get(code).isEmpty()) return "zone not in the zone tree";
        Instant s;
        Instant e;
        try {
            s = OffsetDateTime.parse(start.strip(), TIME).toInstant();
            e = OffsetDateTime.parse(end.strip(), TIME).toInstant();
        } catch (DateTimeParseException ex) {
            return "unreadable time";
        }
        if (e.isBefore(s)) return "end before start";
        return new HistoryAlert(source, code, s, e, naive);
    }

    private static boolean isRaion(String name) {
        return name.endsWith(" raion") || name.endsWith(" район");
    }

    /** Counts, and the rows waiting to be written in one batch. */
    private final class Counter {
        long read;
        long imported;
        long present;
        final Map<String, Long> skipped = new TreeMap<>();
        final List<HistoryAlert> pending = new ArrayList<>();

        void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        void add(HistoryAlert a, Instant now) {
            pending.add(a);
            if (pending.size() >= BATCH) flush(now);
        }

        void flush(Instant now) {
            // the same row twice in one batch (EN and UK files, or a repeated line) is present, not new
            List<HistoryAlert> unique = pending.stream()
                    .collect(Collectors.toMap(HistoryAlert::key, a -> a, (a, b) -> a, LinkedHashMap::new))
                    .values()
                    .stream()
                    .toList();
            int added = store.insert(unique, now);
            imported += added;
            present += pending.size() - added;
            pending.clear();
        }
    }
}
