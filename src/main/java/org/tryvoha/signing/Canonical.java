package org.tryvoha.signing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical form an event signature covers: the ASCII prefix {@value #PREFIX} followed by the
 * event's JSON, without its {@code signature} member, in the JSON Canonicalization Scheme (RFC
 * 8785): object members sorted by their names' UTF-16 code units, no whitespace, strings escaped
 * as ECMAScript's {@code JSON.stringify} does, numbers as ECMAScript writes them (so a browser gets
 * the same bytes from {@code JSON.parse} and a sorted {@code JSON.stringify}). Thread-safe.
 */
public final class Canonical {
    /** Binds a signature to this use: a Tryvoha event, version 1 of the form. */
    public static final String PREFIX = "tryvoha-event-v1\n";

    private static final long MAX_SAFE = (1L << 53) - 1;

    private Canonical() {}

    /** The bytes signed for {@code event} (its {@code signature} member, if any, left out). */
    public static byte[] signedBytes(JsonNode event) {
        StringBuilder sb = new StringBuilder(PREFIX);
        write(event, sb, true);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 8785 JSON text of a node. */
    public static String json(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        write(n, sb, false);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb, boolean dropSignature) {
        if (n == null || n.isNull() || n.isMissingNode()) sb.append("null");
        else if (n.isBoolean()) sb.append(n.booleanValue());
        else if (n.isNumber()) sb.append(number(n));
        else if (n.isTextual()) string(n.textValue(), sb);
        else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                write(n.get(i), sb, false);
            }
            sb.append(']');
        } else if (n.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
            if (dropSignature) names.remove("signature");
            names.sort(null); // String order is UTF-16 code unit order, as RFC 8785 asks
            sb.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) sb.append(',');
                string(names.get(i), sb);
                sb.append(':');
                write(n.get(names.get(i)), sb, false);
            }
            sb.append('}');
        } else throw new IllegalArgumentException("no canonical JSON form for a " + n.getNodeType() + " node");
    }

    private static String number(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong() && Math.abs(n.longValue()) <= MAX_SAFE)
            return Long.toString(n.longValue());
        return es(n.doubleValue());
    }

    /** ECMAScript Number::toString of a double (RFC 8785 section 3.2.2.3). */
    static String es(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("JSON has no form for " + d);
        if (d == 0) return "0";
        if (d < 0) return "-" + es(-d);
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as ECMAScript does
        BigDecimal b = shortest(d);
        String digits = b.unscaledValue().toString();
        int k = digits.length();
        int e = k - b.scale(); // d = 0.digits × 10^e
        if (k <= e && e <= 21) return digits + "0".repeat(e - k);
        if (0 < e && e <= 21) return digits.substring(0, e) + "." + digits.substring(e);
        if (-6 < e && e <= 0) return "0." + "0".repeat(-e) + digits;
        int x = e - 1;
        String exp = (x >= 0 ? "e+" : "e-") + Math.abs(x);
        return k == 1 ? digits + exp : digits.charAt(0) + "." + digits.substring(1) + exp;
    }

    /**
     * The shortest decimal that reads back as {@code d}. Double.toString is shortest (JDK 19+) except
     * that it never writes one significant digit where two are closer (4.9E-324, ECMAScript 5e-324).
     */
    private static BigDecimal shortest(double d) {
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (b.precision() != 2) return b;
        BigDecimal best = null;
        for (RoundingMode m : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal one = b.round(new MathContext(1, m));
            if (Double.parseDouble(one.toString()) != d) continue;
            if (best == null
                    || one.subtract(new BigDecimal(d))
                                    .abs()
                                    .compareTo(best.subtract(new BigDecimal(d)).abs())
                            < 0) best = one;
        }
        return best == null ? b : best.stripTrailingZeros();
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean lone = Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c)
                                    && i + 1 < s.length()
                                    && Character.isLowSurrogate(s.charAt(i + 1)));
                    if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))
                        lone = false;
                    if (c < 0x20 || lone) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
