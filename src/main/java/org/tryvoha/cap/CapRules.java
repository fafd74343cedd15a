package org.tryvoha.cap;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.tryvoha.error.ProblemException.FieldError;
import org.w3c.dom.Element;

/**
 * The CAP 1.2 rules that the XML schema cannot express (spec sections 3.2 and 3.3.2), checked on
 * the document; each broken rule is reported with the path of its element, e.g. {@code
 * /alert/info[1]/area[1]/polygon[1]}. Stateless and thread-safe.
 */
final class CapRules {
    /** CAP 1.2 §3.3.2: date and time with a numeric offset, no fractions, no "Z". */
    static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private CapRules() {}

    static List<FieldError> check(Element alert) {
        List<FieldError> errs = new ArrayList<>();
        noSpecials(alert, "identifier", errs);
        noSpecials(alert, "sender", errs);
        time(alert, "/alert", "sent", errs);
        String msgType = CapMessage.text(alert, "msgType");
        String refs = CapMessage.text(alert, "references");
        if (refs == null
                && ("Update".equals(msgType)
                        || "Cancel".equals(msgType)
                        || "Ack".equals(msgType)
                        || "Error".equals(msgType))) {
            errs.add(new FieldError(
                    "/alert/msgType[1]",
                    "a " + msgType + " message must name the message(s) it refers to in <references>"
                            + " (sender,identifier,sent of each, separated by spaces)"));
        }
        if (refs != null) references(refs, errs);
        String scope = CapMessage.text(alert, "scope");
        if ("Restricted".equals(scope) && CapMessage.text(alert, "restriction") == null) {
            errs.add(new FieldError(
                    "/alert/scope[1]", "scope Restricted needs a <restriction> saying who may receive the message"));
        }
        if ("Private".equals(scope) && CapMessage.text(alert, "addresses") == null) {
            errs.add(new FieldError("/alert/scope[1]", "scope Private needs <addresses> naming the recipients"));
        }
        List<Element> infos = CapMessage.children(alert, "info");
        for (int i = 0; i < infos.size(); i++) info(infos.get(i), "/alert/info[" + (i + 1) + "]", errs);
        return errs;
    }

    private static void info(Element info, String path, List<FieldError> errs) {
        String lang = CapMessage.text(info, "language");
        if (lang != null && !LANGUAGE.matcher(lang).matches()) {
            errs.add(new FieldError(
                    path + "/language[1]", "'" + lang + "' is not an RFC 3066 language tag such as uk-UA or en-US"));
        }
        for (String t : List.of("effective", "onset", "expires")) time(info, path, t, errs);
        String web = CapMessage.text(info, "web");
        if (web != null && !absoluteUri(web))
            errs.add(new FieldError(path + "/web[1]", "'" + web + "' is not an absolute URI"));
        List<Element> resources = CapMessage.children(info, "resource");
        for (int i = 0; i < resources.size(); i++) {
            String deref = CapMessage.text(resources.get(i), "derefUri");
            if (deref != null && !base64(deref)) {
                errs.add(new FieldError(
                        path + "/resource[" + (i + 1) + "]/derefUri[1]", "derefUri must be base64-encoded content"));
            }
        }
        List<Element> areas = CapMessage.children(info, "area");
        for (int i = 0; i < areas.size(); i++) area(areas.get(i), path + "/area[" + (i + 1) + "]", errs);
    }

    private static void area(Element area, String path, List<FieldError> errs) {
        List<Element> polygons = CapMessage.children(area, "polygon");
        for (int i = 0; i < polygons.size(); i++)
            polygon(CapMessage.text(polygons.get(i)), path + "/polygon[" + (i + 1) + "]", errs);
        List<Element> circles = CapMessage.children(area, "circle");
        for (int i = 0; i < circles.size(); i++)
            circle(CapMessage.text(circles.get(i)), path + "/circle[" + (i + 1) + "]", errs);
        String altitude = CapMessage.text(area, "altitude"), ceiling = CapMessage.text(area, "ceiling");
        if (ceiling != null && altitude == null) {
            errs.add(new FieldError(path + "/ceiling[1]", "ceiling may only be given together with altitude"));
        }
        if (ceiling != null
                && altitude != null
                && NUMBER.matcher(ceiling).matches()
                && NUMBER.matcher(altitude).matches()
                && Double.parseDouble(altitude) > Double.parseDouble(ceiling)) {
            errs.add(
                    new FieldError(path + "/altitude[1]", "altitude " + altitude + " is above the ceiling " + ceiling));
        }
    }

    /** CAP 1.2 §3.2.4: space-separated lat,lon pairs, at least 4, the first equal to the last. */
    static void polygon(String text, String path, List<FieldError> errs) {
        String[] pairs = text.isBlank() ? new String[0] : text.strip().split("\\s+");
        if (pairs.length < 4) {
            errs.add(new FieldError(
                    path, "a polygon needs at least 4 lat,lon pairs (the first repeated last), got " + pairs.length));
            return;
        }
        for (int i = 0; i < pairs.length; i++) {
            String m = point(pairs[i]);
            if (m != null) {
                errs.add(new FieldError(path, "pair " + (i + 1) + " '" + pairs[i] + "': " + m));
                return;
            }
        }
        double[] first = latLon(pairs[0]), last = latLon(pairs[pairs.length - 1]);
        if (first[0] != last[0] || first[1] != last[1]) {
            errs.add(new FieldError(
                    path,
                    "the polygon is not closed: the last pair (" + pairs[pairs.length - 1] + ") must repeat the first ("
                            + pairs[0] + ")"));
        }
    }

    /** CAP 1.2 §3.2.4: "lat,lon radius" with the radius in kilometres. */
    static void circle(String text, String path, List<FieldError> errs) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            errs.add(new FieldError(
                    path, "a circle is 'lat,lon radius_km' (a space before the radius), got '" + text + "'"));
            return;
        }
        String m = point(parts[0]);
        if (m != null) errs.add(new FieldError(path, "centre '" + parts[0] + "': " + m));
        if (!NUMBER.matcher(parts[1]).matches() || Double.parseDouble(parts[1]) < 0) {
            errs.add(new FieldError(path, "the radius '" + parts[1] + "' must be a number of kilometres, 0 or more"));
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

    private static void references(String refs, List<FieldError> errs) {
        for (String triplet : refs.split("\\s+")) {
            String[] f = triplet.split(",", -1);
            if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty()) {
                errs.add(
                        new FieldError(
                                "/alert/references[1]",
                                "'" + triplet + "' is not a sender,identifier,sent triplet"
                                        + " (triplets are separated by spaces; sender and identifier contain no spaces or commas)"));
            } else if (!validTime(f[2])) {
                errs.add(new FieldError(
                        "/alert/references[1]",
                        "'" + triplet + "': the sent time '" + f[2]
                                + "' must look like 2026-11-23T21:05:00+02:00 (a numeric offset, no Z)"));
            }
        }
    }

    private static void noSpecials(Element alert, String name, List<FieldError> errs) {
        String v = CapMessage.text(alert, name);
        if (v != null
                && (v.isEmpty()
                        || v.chars()
                                .anyMatch(c ->
                                        c == ' ' || c == ',' || c == '<' || c == '&' || Character.isWhitespace(c)))) {
            errs.add(new FieldError(
                    "/alert/" + name + "[1]",
                    name + " '" + v + "' must be non-empty and contain no spaces, commas, < or &"));
        }
    }

    private static void time(Element parent, String path, String name, List<FieldError> errs) {
        String v = CapMessage.text(parent, name);
        if (v != null && !validTime(v)) {
            errs.add(new FieldError(
                    path + "/" + name + "[1]",
                    "'" + v + "' must be a date and time with a numeric time zone offset,"
                            + " e.g. 2026-11-23T21:05:00+02:00 or -00:00 for UTC (no fractions of a second, no Z)"));
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

    private static boolean absoluteUri(String s) {
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean base64(String s) {
        try {
            Base64.getMimeDecoder().decode(s);
            return s.matches("[A-Za-z0-9+/=\\s]+");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
