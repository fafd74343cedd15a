package org.tryvoha.cap;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.tryvoha.cap.CapRule.Finding;
import org.w3c.dom.Element;

/**
 * The CAP 1.2 rules that the XML schema cannot express (§3.2, §3.3.2), checked on the document; each
 * broken rule is a {@link Finding} naming its {@link CapRule} and the path of its element, e.g.
 * {@code /alert/info[1]/area[1]/polygon[1]}. docs/cap.md lists them. Stateless and thread-safe.
 */
final class CapRules {
    /** CAP 1.2 §3.3.2: date and time with a numeric offset, no fractions, no "Z". */
    static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** RFC 2045 token: any US-ASCII except controls, space and tspecials. */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    private static final Pattern MIME = Pattern.compile(
            "(" + TOKEN + ")/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))*");
    /** The IANA top-level media types (RFC 2046, 6838, 8081, 9695); x- tokens are extensions (RFC 2045). */
    private static final Set<String> TOP_LEVEL = Set.of(
            "application",
            "audio",
            "example",
            "font",
            "haptics",
            "image",
            "message",
            "model",
            "multipart",
            "text",
            "video");

    private static final Pattern SHA1_HEX = Pattern.compile("[0-9A-Fa-f]{40}");

    private CapRules() {}

    static List<Finding> check(Element alert) {
        List<Finding> out = new ArrayList<>();
        noSpecials(alert, "identifier", CapRule.IDENTIFIER_CHARS, out);
        noSpecials(alert, "sender", CapRule.SENDER_CHARS, out);
        time(alert, "/alert", "sent", out);
        String msgType = CapMessage.text(alert, "msgType");
        String refs = CapMessage.text(alert, "references");
        if ((refs == null || refs.isEmpty())
                && Set.of("Update", "Cancel", "Ack", "Error").contains(msgType)) {
            out.add(new Finding(
                    CapRule.REFERENCES_REQUIRED,
                    "/alert/msgType[1]",
                    "a " + msgType + " message must name the message(s) it refers to in <references>"
                            + " (sender,identifier,sent of each, separated by spaces)"));
        }
        if (refs != null) references(alert, refs, out);
        scope(alert, out);
        for (String list : List.of("addresses", "incidents")) {
            String v = CapMessage.text(alert, list);
            if (v != null && v.chars().filter(c -> c == '"').count() % 2 != 0)
                out.add(new Finding(
                        CapRule.QUOTED_LIST,
                        "/alert/" + list + "[1]",
                        "an unbalanced double quote: items are separated by spaces, and an item containing spaces"
                                + " is enclosed in double quotes"));
        }
        List<Element> infos = CapMessage.children(alert, "info");
        for (int i = 0; i < infos.size(); i++) info(infos.get(i), "/alert/info[" + (i + 1) + "]", out);
        return out;
    }

    private static void scope(Element alert, List<Finding> out) {
        String scope = CapMessage.text(alert, "scope");
        String restriction = CapMessage.text(alert, "restriction");
        boolean hasRestriction = restriction != null && !restriction.isEmpty();
        if (hasRestriction && !"Restricted".equals(scope)) {
            out.add(new Finding(
                    CapRule.RESTRICTION_SCOPE,
                    "/alert/restriction[1]",
                    "<restriction> is used only when <scope> is Restricted (scope is " + scope + ")"));
        }
        if ("Restricted".equals(scope) && !hasRestriction) {
            out.add(new Finding(
                    CapRule.RESTRICTED_NEEDS_RESTRICTION,
                    "/alert/scope[1]",
                    "scope Restricted should say in <restriction> who may receive the message"));
        }
        String addresses = CapMessage.text(alert, "addresses");
        if ("Private".equals(scope) && (addresses == null || addresses.isEmpty())) {
            out.add(new Finding(
                    CapRule.PRIVATE_NEEDS_ADDRESSES,
                    "/alert/scope[1]",
                    "scope Private requires <addresses> naming the recipients"));
        }
    }

    private static void info(Element info, String path, List<Finding> out) {
        String lang = CapMessage.text(info, "language");
        if (lang != null && !LANGUAGE.matcher(lang).matches()) {
            out.add(new Finding(
                    CapRule.LANGUAGE,
                    path + "/language[1]",
                    "'" + lang + "' is not an RFC 3066 language tag such as uk-UA or en-US"));
        }
        for (String t : List.of("effective", "onset", "expires")) time(info, path, t, out);
        String web = CapMessage.text(info, "web");
        if (web != null) {
            URI u = uri(web);
            if (u == null || !u.isAbsolute())
                out.add(new Finding(
                        CapRule.WEB_ABSOLUTE, path + "/web[1]", "'" + web + "' is not a full absolute URI"));
        }
        List<Element> resources = CapMessage.children(info, "resource");
        for (int i = 0; i < resources.size(); i++) resource(resources.get(i), path + "/resource[" + (i + 1) + "]", out);
        List<Element> areas = CapMessage.children(info, "area");
        for (int i = 0; i < areas.size(); i++) area(areas.get(i), path + "/area[" + (i + 1) + "]", out);
    }

    /** CAP 1.2 §3.2.3. */
    static void resource(Element r, String path, List<Finding> out) {
        String mime = CapMessage.text(r, "mimeType");
        if (mime != null) {
            var m = MIME.matcher(mime);
            String top = m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
            if (top == null || !(TOP_LEVEL.contains(top) || top.startsWith("x-"))) {
                out.add(new Finding(
                        CapRule.MIME_TYPE,
                        path + "/mimeType[1]",
                        "'" + mime + "' is not a MIME type/subtype of RFC 2046, e.g. image/png or application/pdf"));
            }
        }
        String deref = CapMessage.text(r, "derefUri");
        String uri = CapMessage.text(r, "uri");
        if (uri != null) {
            URI u = uri(uri);
            if (u == null)
                out.add(new Finding(CapRule.URI_SYNTAX, path + "/uri[1]", "'" + uri + "' is not a URI (RFC 3986)"));
            else if (!u.isAbsolute() && deref == null)
                out.add(new Finding(
                        CapRule.URI_RELATIVE,
                        path + "/uri[1]",
                        "'" + uri + "' is relative: a relative uri only names the content of a <derefUri> in the same"
                                + " resource; give a full absolute URI or add the <derefUri>"));
        }
        if (deref != null && !base64(deref)) {
            out.add(new Finding(
                    CapRule.DEREF_BASE64,
                    path + "/derefUri[1]",
                    "derefUri must be the resource's content in base64 (RFC 2045: A-Z a-z 0-9 + /, padded with ="
                            + " to a multiple of 4 characters; line breaks allowed)"));
        }
        String digest = CapMessage.text(r, "digest");
        if (digest != null && !SHA1_HEX.matcher(digest).matches()) {
            out.add(new Finding(
                    CapRule.DIGEST_SHA1,
                    path + "/digest[1]",
                    "'" + digest + "' does not look like an SHA-1 digest (40 hexadecimal digits)"));
        }
    }

    private static void area(Element area, String path, List<Finding> out) {
        List<Element> polygons = CapMessage.children(area, "polygon");
        for (int i = 0; i < polygons.size(); i++)
            polygon(CapMessage.text(polygons.get(i)), path + "/polygon[" + (i + 1) + "]", out);
        List<Element> circles = CapMessage.children(area, "circle");
        for (int i = 0; i < circles.size(); i++)
            circle(CapMessage.text(circles.get(i)), path + "/circle[" + (i + 1) + "]", out);
        String altitude = CapMessage.text(area, "altitude"), ceiling = CapMessage.text(area, "ceiling");
        if (ceiling != null && altitude == null) {
            out.add(new Finding(
                    CapRule.CEILING_NEEDS_ALTITUDE,
                    path + "/ceiling[1]",
                    "ceiling may only be given together with altitude"));
        }
        // altitude may be negative: feet above mean sea level, and land lies below it
        if (ceiling != null
                && altitude != null
                && NUMBER.matcher(ceiling).matches()
                && NUMBER.matcher(altitude).matches()
                && new java.math.BigDecimal(altitude).compareTo(new java.math.BigDecimal(ceiling)) > 0) {
            out.add(new Finding(
                    CapRule.ALTITUDE_RANGE,
                    path + "/altitude[1]",
                    "altitude " + altitude + " (the lower limit) is above the ceiling " + ceiling));
        }
    }

    /** CAP 1.2 §3.2.4: space-separated lat,lon pairs, at least 4, the first equal to the last. */
    static void polygon(String text, String path, List<Finding> out) {
        String[] pairs = text.isBlank() ? new String[0] : text.strip().split("\\s+");
        if (pairs.length < 4) {
            out.add(new Finding(
                    CapRule.POLYGON_PAIRS,
                    path,
                    "a polygon needs at least 4 lat,lon pairs (the first repeated last), got " + pairs.length));
            return;
        }
        for (int i = 0; i < pairs.length; i++) {
            String m = point(pairs[i]);
            if (m != null) {
                out.add(new Finding(CapRule.COORDINATES, path, "pair " + (i + 1) + " '" + pairs[i] + "': " + m));
                return;
            }
        }
        double[] first = latLon(pairs[0]), last = latLon(pairs[pairs.length - 1]);
        if (first[0] != last[0] || first[1] != last[1]) {
            out.add(new Finding(
                    CapRule.POLYGON_CLOSED,
                    path,
                    "the polygon is not closed: the last pair (" + pairs[pairs.length - 1] + ") must repeat the first ("
                            + pairs[0] + ")"));
        }
    }

    /** CAP 1.2 §3.2.4: "lat,lon radius" with the radius in kilometres. */
    static void circle(String text, String path, List<Finding> out) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            out.add(new Finding(
                    CapRule.CIRCLE_FORMAT,
                    path,
                    "a circle is 'lat,lon radius_km' (a space before the radius), got '" + text + "'"));
            return;
        }
        String m = point(parts[0]);
        if (m != null) out.add(new Finding(CapRule.COORDINATES, path, "centre '" + parts[0] + "': " + m));
        if (!NUMBER.matcher(parts[1]).matches() || Double.parseDouble(parts[1]) < 0) {
            out.add(new Finding(
                    CapRule.CIRCLE_RADIUS,
                    path,
                    "the radius '" + parts[1] + "' must be a number of kilometres, 0 or more"));
        }
    }

    /** Null when the text is a valid "lat,lon" WGS84 point, else what is wrong. */
    static String point(String p) {
        String[] ll = p.split(",", -1);
        if (ll.length != 2
                || !NUMBER.matcher(ll[0]).matches()
                || !NUMBER.matcher(ll[1]).matches()) {
            return "not a 'lat,lon' pair of decimal degrees";
        }
        double lat = Double.parseDouble(ll[0]), lon = Double.parseDouble(ll[1]);
        if (lat < -90 || lat > 90) return "latitude " + ll[0] + " is outside -90..90 (CAP pairs are lat,lon)";
        if (lon < -180 || lon > 180) return "longitude " + ll[1] + " is outside -180..180";
        return null;
    }

    static double[] latLon(String p) {
        String[] ll = p.split(",");
        return new double[] {Double.parseDouble(ll[0]), Double.parseDouble(ll[1])};
    }

    private static void references(Element alert, String refs, List<Finding> out) {
        String sender = CapMessage.text(alert, "sender"), identifier = CapMessage.text(alert, "identifier");
        String sentText = CapMessage.text(alert, "sent");
        Instant sent = sentText != null && validTime(sentText)
                ? OffsetDateTime.parse(sentText).toInstant()
                : null;
        for (String triplet : refs.split("\\s+")) {
            String[] f = triplet.split(",", -1);
            if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty()) {
                out.add(
                        new Finding(
                                CapRule.REFERENCES_FORMAT,
                                "/alert/references[1]",
                                "'" + triplet + "' is not a sender,identifier,sent triplet"
                                        + " (triplets are separated by spaces; sender and identifier contain no spaces or commas)"));
            } else if (!validTime(f[2])) {
                out.add(new Finding(
                        CapRule.DATETIME,
                        "/alert/references[1]",
                        "'" + triplet + "': the sent time '" + f[2]
                                + "' must look like 2026-11-23T21:05:00+02:00 (a numeric offset, no Z)"));
            } else {
                if (f[0].equals(sender) && f[1].equals(identifier)) {
                    out.add(new Finding(
                            CapRule.REFERENCES_SELF,
                            "/alert/references[1]",
                            "'" + triplet + "' is this message itself; references name earlier messages"));
                } else if (sent != null
                        && OffsetDateTime.parse(f[2]).toInstant().isAfter(sent)) {
                    out.add(new Finding(
                            CapRule.REFERENCES_POSTDATED,
                            "/alert/references[1]",
                            "'" + triplet + "' was sent after this message (" + sentText
                                    + "); references name earlier messages"));
                }
            }
        }
    }

    private static void noSpecials(Element alert, String name, CapRule rule, List<Finding> out) {
        String v = CapMessage.text(alert, name);
        if (v != null
                && (v.isEmpty()
                        || v.chars()
                                .anyMatch(c ->
                                        c == ' ' || c == ',' || c == '<' || c == '&' || Character.isWhitespace(c)))) {
            out.add(new Finding(
                    rule,
                    "/alert/" + name + "[1]",
                    name + " '" + v + "' must be non-empty and contain no spaces, commas, < or &"));
        }
    }

    private static void time(Element parent, String path, String name, List<Finding> out) {
        String v = CapMessage.text(parent, name);
        if (v == null) return;
        if (!validTime(v)) {
            out.add(new Finding(
                    CapRule.DATETIME,
                    path + "/" + name + "[1]",
                    "'" + v + "' must be a date and time with a numeric time zone offset,"
                            + " e.g. 2026-11-23T21:05:00+02:00 or -00:00 for UTC (no fractions of a second, no Z)"));
        } else if (v.endsWith("+00:00")) {
            out.add(new Finding(
                    CapRule.DATETIME_UTC,
                    path + "/" + name + "[1]",
                    "'" + v + "': CAP writes the UTC offset as -00:00"));
        }
    }

    static boolean validTime(String v) {
        if (!TIME.matcher(v).matches()) return false;
        try {
            OffsetDateTime.parse(v);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The URI, or null when the text is not one (RFC 3986, as java.net.URI reads it). */
    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** RFC 2045 base64: the alphabet, at most two '=' only at the end, a multiple of 4; whitespace ignored. */
    static boolean base64(String s) {
        String b = s.replaceAll("\\s+", "");
        if (b.isEmpty() || b.length() % 4 != 0 || !b.matches("[A-Za-z0-9+/]*={0,2}")) return false;
        try {
            Base64.getDecoder().decode(b);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
