package org.tryvoha.cap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * Writes a Tryvoha alert as a CAP 1.2 message: the latest event is the message (issued → Alert,
 * updated → Update, cancelled or expired → Cancel) and every earlier event of the alert is in
 * {@code <references>}. Identifiers are {@code tryvoha-<alert id>-<event seq>}, the sender is the
 * configured {@code cap-sender}. Each message language is an {@code <info>}; each target zone an
 * {@code <area>} with a {@code <geocode>} (valueName {@code KATOTTG} for Ukrainian codes, else
 * {@code tryvoha:zone}) and the zone's outline, simplified, as up to {@value #MAX_POLYGONS} CAP
 * polygons (the largest parts' outer rings; holes are left out). Thread-safe; outlines are cached.
 */
public final class CapWriter {
    static final int MAX_POLYGONS = 10;
    /** ~1 km: an outline for a map, not a boundary for lookups (the geocode is exact). */
    static final double TOLERANCE = 0.01;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    private static final Pattern KATOTTG = Pattern.compile("UA\\d{17}");

    private final ZoneTree tree;
    private final String sender;
    private final Map<String, List<String>> outlines = new ConcurrentHashMap<>();

    public CapWriter(ZoneTree tree, String sender) {
        this.tree = tree;
        this.sender = sender;
    }

    public String sender() {
        return sender;
    }

    /** The CAP identifier of one event. */
    public static String identifier(AlertEvent e) {
        return "tryvoha-" + e.alert().id() + "-" + e.seq();
    }

    /** CAP time: seconds, UTC written as -00:00 (CAP 1.2 §3.3.2), never Z. */
    static String time(Instant t) {
        return TIME.format(t.atOffset(ZoneOffset.UTC)).replace("+00:00", "-00:00");
    }

    /** The CAP message of the alert's last event; {@code history} is every event of the alert, oldest first. */
    public byte[] write(List<AlertEvent> history) {
        return write(history, null);
    }

    /** CAP parameter (valueName) carrying the signed JSON of the event the message is made from. */
    public static final String SIGNED_EVENT = "tryvoha:signed-event";

    /**
     * @param signedEvent the last event's signed JSON (see org.tryvoha.signing), put in every {@code
     *     <info>} as the parameter {@value #SIGNED_EVENT}; null: none
     */
    public byte[] write(List<AlertEvent> history, String signedEvent) {
        AlertEvent last = history.get(history.size() - 1);
        Alert a = last.alert();
        Xml x = new Xml(SafeXml.CAP12, "alert");
        x.leaf("identifier", identifier(last))
                .leaf("sender", sender)
                .leaf("sent", time(last.at()))
                .leaf("status", capStatus(a))
                .leaf("msgType", msgType(last.kind()))
                .leaf("scope", "Public");
        if (last.kind() == EventKind.EXPIRED) x.leaf("note", "The alert expired at " + time(last.at()));
        if (last.kind() == EventKind.CANCELLED) x.leaf("note", "The all-clear: the alert was cancelled");
        if (history.size() > 1) {
            List<String> refs = new ArrayList<>();
            for (AlertEvent e : history.subList(0, history.size() - 1))
                refs.add(sender + "," + identifier(e) + "," + time(e.at()));
            x.leaf("references", String.join(" ", refs));
        }
        List<String> langs = new ArrayList<>(a.message().keySet());
        langs.sort(Comparator.comparingInt((String l) -> l.equals("uk") ? 0 : l.equals("en") ? 1 : 2)
                .thenComparing(l -> l));
        for (String lang : langs) info(x, a, lang, signedEvent);
        return x.finish();
    }

    private void info(Xml x, Alert a, String lang, String signedEvent) {
        boolean uk = lang.equals("uk");
        AlertType t = a.type();
        String title = uk ? t.titleUk : t.titleEn;
        x.open("info")
                .leaf("language", uk ? "uk-UA" : lang.equals("en") ? "en-US" : lang)
                .leaf("category", CapTypes.category(t))
                .leaf("event", title)
                .leaf(
                        "responseType",
                        t == AlertType.INFO ? "None" : t == AlertType.EARLY_WARNING ? "Prepare" : "Shelter")
                .leaf(
                        "urgency",
                        t == AlertType.INFO ? "Unknown" : t == AlertType.EARLY_WARNING ? "Expected" : "Immediate")
                .leaf("severity", t == AlertType.INFO ? "Minor" : t == AlertType.EARLY_WARNING ? "Severe" : "Extreme")
                .leaf("certainty", t == AlertType.INFO ? "Unknown" : "Likely");
        x.open("eventCode")
                .leaf("valueName", CapTypes.VALUE_NAME)
                .leaf("value", t.wire())
                .close();
        x.leaf("effective", time(a.issuedAt()));
        if (a.expiresAt() != null) x.leaf("expires", time(a.expiresAt()));
        x.leaf("senderName", "Tryvoha")
                .leaf("headline", title)
                .leaf("description", a.message().get(lang));
        if (signedEvent != null)
            x.open("parameter")
                    .leaf("valueName", SIGNED_EVENT)
                    .leaf("value", signedEvent)
                    .close();
        for (String id : a.zones()) {
            Zone z = tree.get(id).orElse(null);
            x.open("area").leaf("areaDesc", z == null ? id : uk ? z.nameUk() : z.nameEn());
            if (z != null) for (String p : outline(z)) x.leaf("polygon", p);
            x.open("geocode")
                    .leaf("valueName", KATOTTG.matcher(id).matches() ? "KATOTTG" : "tryvoha:zone")
                    .leaf("value", id)
                    .close();
            x.close();
        }
        x.close();
    }

    /** The zone's outline as CAP polygons: the largest parts' outer rings, simplified, as lat,lon pairs. */
    List<String> outline(Zone z) {
        return outlines.computeIfAbsent(z.id(), k -> {
            Geometry g = TopologyPreservingSimplifier.simplify(z.geometry(), TOLERANCE);
            List<Polygon> parts = new ArrayList<>();
            for (int i = 0; i < g.getNumGeometries(); i++) if (g.getGeometryN(i) instanceof Polygon p) parts.add(p);
            parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed());
            List<String> out = new ArrayList<>();
            for (Polygon p : parts.subList(0, Math.min(MAX_POLYGONS, parts.size()))) {
                String ring = ring(p.getExteriorRing().getCoordinates());
                if (ring != null) out.add(ring);
            }
            return List.copyOf(out);
        });
    }

    private static String ring(Coordinate[] cs) {
        List<String> pairs = new ArrayList<>();
        for (Coordinate c : cs) {
            String p = String.format(Locale.ROOT, "%.4f,%.4f", c.y, c.x);
            if (pairs.isEmpty() || !pairs.get(pairs.size() - 1).equals(p)) pairs.add(p);
        }
        if (!pairs.get(0).equals(pairs.get(pairs.size() - 1))) pairs.add(pairs.get(0));
        return pairs.size() < 4 ? null : String.join(" ", pairs);
    }

    static String capStatus(Alert a) {
        String s = a.status().wire();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String msgType(EventKind k) {
        return switch (k) {
            case ISSUED -> "Alert";
            case UPDATED -> "Update";
            case CANCELLED, EXPIRED -> "Cancel";
        };
    }
}
