package org.tryvoha.shelter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.json.Json;

/**
 * Reads shelter points from CSV (a header row naming {@code latitude}, {@code longitude} and
 * optionally {@code address}, {@code address_number}, {@code shelter_type}, {@code closure_type},
 * {@code ramp}, {@code id}) or from a GeoJSON FeatureCollection of Points (properties {@code id},
 * {@code address} or {@code name}, {@code kind}, {@code category}, {@code step_free}). A bad row is
 * logged with its line (or feature) number, counted and skipped; it never stops the load.
 */
public final class ShelterLoader {
    private static final Logger log = LoggerFactory.getLogger(ShelterLoader.class);

    /** Where a point may lie (e.g. inside the zone set); rows outside are refused. */
    public interface Bounds extends BiPredicate<Double, Double> {}

    /** What was read: the shelters, and each refused row with its line and reason. */
    /** @param repaired lines whose coordinates were found out of their columns ({@link Shifted}) */
    public record Result(List<Shelter> shelters, List<Rejected> rejected, List<Integer> repaired) {
        Result(List<Shelter> shelters, List<Rejected> rejected) {
            this(shelters, rejected, List.of());
        }
    }

    public record Rejected(int line, String reason) {}

    private ShelterLoader() {}

    /** Reads {@code in}, CSV unless {@code name} ends in .json or .geojson. */
    public static Result load(InputStream in, String name, Bounds inside) throws IOException {
        String n = name.toLowerCase(Locale.ROOT);
        Result r = n.endsWith(".json") || n.endsWith(".geojson")
                ? geoJson(in, inside)
                : csv(new InputStreamReader(in, StandardCharsets.UTF_8), inside);
        for (Rejected x : r.rejected()) log.warn("{}:{}: skipped shelter row: {}", name, x.line(), x.reason());
        if (!r.repaired().isEmpty())
            log.info("{}: coordinates found out of their columns on lines {}", name, r.repaired());
        log.info(
                "{}: {} shelters loaded, {} rows skipped",
                name,
                r.shelters().size(),
                r.rejected().size());
        return r;
    }

    static Result csv(Reader reader, Bounds inside) throws IOException {
        List<Shelter> out = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        List<Integer> repaired = new ArrayList<>();
        Csv csv = new Csv(new BufferedReader(reader));
        List<String> header = csv.next();
        if (header == null) return new Result(out, bad);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++)
            col.put(header.get(i).strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT), i);
        if (!col.containsKey("latitude") || !col.containsKey("longitude")) {
            bad.add(new Rejected(1, "the header has no latitude and longitude columns: " + header));
            return new Result(out, bad);
        }
        List<String> row;
        while ((row = csv.next()) != null) {
            int line = csv.recordLine;
            if (row.size() == 1 && row.get(0).isBlank()) continue;
            if (row.size() != header.size()) {
                bad.add(new Rejected(line, "has " + row.size() + " columns, the header has " + header.size()));
                continue;
            }
            String problem = null;
            double lat = Double.NaN, lon = Double.NaN;
            try {
                lat = Double.parseDouble(cell(row, col, "latitude"));
                lon = Double.parseDouble(cell(row, col, "longitude"));
            } catch (NumberFormatException | NullPointerException e) {
                problem = "coordinates are not numbers: '" + cell(row, col, "latitude") + "', '"
                        + cell(row, col, "longitude") + "'";
            }
            if (problem == null) problem = checkPoint(lat, lon, inside);
            Shifted shifted = null;
            if (problem != null && (shifted = Shifted.find(row, inside)) != null) {
                lat = shifted.lat();
                lon = shifted.lon();
                problem = null;
                repaired.add(line);
            }
            if (problem != null) {
                bad.add(new Rejected(line, problem));
                continue;
            }
            // a row whose coordinates moved (a cell left out before them, or both in one cell) has its
            // later cells moved by as much; cells before the coordinates are read only if they precede them
            int shift = shifted == null ? 0 : shifted.next() - (col.get("longitude") + 1);
            int before = shifted == null ? Integer.MAX_VALUE : shifted.first();
            String number = cellBefore(row, col, "address_number", before);
            String address = join(cellBefore(row, col, "address", before), number);
            String id = cell(row, col, "id");
            out.add(new Shelter(
                    id == null || id.isBlank() ? "line-" + line : id,
                    address,
                    lat,
                    lon,
                    blankToNull(cellAfter(row, col, "shelter_type", shift)),
                    blankToNull(cellAfter(row, col, "closure_type", shift)),
                    ramp(cellAfter(row, col, "ramp", shift))));
        }
        return new Result(out, bad, repaired);
    }

    static Result geoJson(InputStream in, Bounds inside) throws IOException {
        JsonNode root = Json.MAPPER.readTree(in);
        List<Shelter> out = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        JsonNode features = root.path("features");
        if (!features.isArray()) {
            bad.add(new Rejected(0, "not a GeoJSON FeatureCollection (no features array)"));
            return new Result(out, bad);
        }
        for (int i = 0; i < features.size(); i++) {
            JsonNode f = features.get(i), g = f.path("geometry"), p = f.path("properties");
            JsonNode c = g.path("coordinates");
            if (!"Point".equals(g.path("type").asText())
                    || !c.isArray()
                    || c.size() < 2
                    || !c.get(0).isNumber()
                    || !c.get(1).isNumber()) {
                bad.add(new Rejected(i + 1, "feature " + i + " is not a Point with [longitude, latitude]"));
                continue;
            }
            double lon = c.get(0).asDouble(), lat = c.get(1).asDouble();
            String problem = checkPoint(lat, lon, inside);
            if (problem != null) {
                bad.add(new Rejected(i + 1, "feature " + i + ": " + problem));
                continue;
            }
            JsonNode sf = p.path("step_free");
            String id = p.hasNonNull("id")
                    ? p.get("id").asText()
                    : f.hasNonNull("id") ? f.get("id").asText() : "feature-" + i;
            String address = p.hasNonNull("address")
                    ? p.get("address").asText()
                    : p.hasNonNull("name") ? p.get("name").asText() : null;
            out.add(new Shelter(
                    id,
                    address,
                    lat,
                    lon,
                    text(p, "kind"),
                    text(p, "category"),
                    sf.isBoolean() ? sf.asBoolean() : null));
        }
        return new Result(out, bad);
    }

    private static String checkPoint(double lat, double lon, Bounds inside) {
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
            return "coordinates out of range: lat " + lat + ", lon " + lon;
        if (inside != null && !inside.test(lat, lon)) return "lat " + lat + ", lon " + lon + " lies outside every zone";
        return null;
    }

    /** "В наявності" / yes / true → true; "Відсутній" / no / false → false; anything else → unknown. */
    static Boolean ramp(String s) {
        if (s == null) return null;
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.equals("в наявності") || v.equals("є") || v.equals("так") || v.equals("yes") || v.equals("true"))
            return true;
        if (v.equals("відсутній")
                || v.equals("відсутня")
                || v.equals("немає")
                || v.equals("ні")
                || v.equals("no")
                || v.equals("false")) return false;
        return null;
    }

    /**
     * Coordinates found out of their columns, as published rows have them: a cell left out before
     * them moves them left, or both stand in one cell ("50.43 30.45"). Taken only when they are the
     * first cells of the row that read as a latitude then a longitude inside the zones' bounds.
     *
     * @param first the index of the cell holding the latitude
     * @param next the index of the first cell after the coordinates
     */
    record Shifted(double lat, double lon, int first, int next) {
        static Shifted find(List<String> row, Bounds inside) {
            for (int i = 0; i < row.size(); i++) {
                String[] both = row.get(i).strip().split("[\\s,;]+");
                if (both.length == 2) {
                    Shifted s = of(both[0], both[1], inside, i, i + 1);
                    if (s != null) return s;
                }
                if (i + 1 < row.size()) {
                    Shifted s = of(row.get(i).strip(), row.get(i + 1).strip(), inside, i, i + 2);
                    if (s != null) return s;
                }
            }
            return null;
        }

        private static Shifted of(String a, String b, Bounds inside, int first, int next) {
            if (!DECIMAL.matcher(a).matches() || !DECIMAL.matcher(b).matches()) return null;
            double lat = Double.parseDouble(a), lon = Double.parseDouble(b);
            return checkPoint(lat, lon, inside) == null ? new Shifted(lat, lon, first, next) : null;
        }
    }

    /** A coordinate written with a decimal point (a house number or a phone number is not one). */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,3}\\.\\d+");

    private static String cellBefore(List<String> row, Map<String, Integer> col, String name, int before) {
        Integer i = col.get(name);
        return i == null || i >= before ? null : row.get(i).strip();
    }

    private static String cellAfter(List<String> row, Map<String, Integer> col, String name, int shift) {
        Integer i = col.get(name);
        if (i == null || i + shift < 0 || i + shift >= row.size()) return null;
        return row.get(i + shift).strip();
    }

    private static String cell(List<String> row, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null ? null : row.get(i).strip();
    }

    private static String text(JsonNode p, String key) {
        return p.hasNonNull(key) ? p.get(key).asText() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) return blankToNull(b);
        return b == null || b.isBlank() ? a : a + ", " + b;
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Csv {
        private final BufferedReader in;
        private int line;
        int recordLine;

        Csv(BufferedReader in) {
            this.in = in;
        }

        List<String> next() throws IOException {
            String s = in.readLine();
            if (s == null) return null;
            recordLine = ++line;
            List<String> out = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; ; i++) {
                if (i == s.length()) {
                    if (!quoted) break;
                    String more = in.readLine();
                    if (more == null) break; // unterminated quote: keep what we have; the column count will tell
                    line++;
                    f.append('\n');
                    s = more;
                    i = -1;
                    continue;
                }
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else if (c == '"') quoted = false;
                    else f.append(c);
                } else if (c == '"' && f.length() == 0) quoted = true;
                else if (c == ',') {
                    out.add(f.toString());
                    f.setLength(0);
                } else f.append(c);
            }
            out.add(f.toString());
            return out;
        }
    }
}
