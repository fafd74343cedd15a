package org.tryvoha.cap;

import java.time.Instant;
import java.util.List;
import org.tryvoha.event.Alert;
import org.tryvoha.store.AlertStore.StoredAlert;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * The Atom (RFC 4287) index of alerts in force, as CAP aggregators poll it: one entry per alert,
 * with a link ({@code rel="alternate"}, {@code type="application/cap+xml"}) to its CAP message.
 * Entry ids are {@code urn:uuid:<alert id>}; {@code updated} is the alert's latest change.
 */
final class AtomFeed {
    static final String ATOM = "http://www.w3.org/2005/Atom";

    private AtomFeed() {}

    /**
     * @param base the server's external URL from the {@code public-url} setting, e.g. {@code
     *     https://tryvoha.example} (never from the request's Host header, which the client chooses)
     * @param self the feed's own path and query
     */
    static byte[] write(List<StoredAlert> alerts, ZoneTree tree, String sender, String base, String self, Instant now) {
        Instant updated = alerts.stream()
                .map(s -> s.alert().updatedAt())
                .max(Instant::compareTo)
                .orElse(now);
        Xml x = new Xml(ATOM, "feed");
        x.leaf("id", base + self).leaf("title", "Tryvoha: alerts in force").leaf("updated", updated.toString());
        x.open("author").leaf("name", sender).close();
        x.leaf("generator", "Tryvoha");
        x.empty("link", "rel", "self", "type", "application/atom+xml", "href", base + self);
        for (StoredAlert s : alerts) entry(x, s.alert(), tree, base);
        return x.finish();
    }

    private static void entry(Xml x, Alert a, ZoneTree tree, String base) {
        List<String> names = a.zones().stream()
                .map(id -> tree.get(id).map(Zone::nameEn).orElse(id))
                .toList();
        String places = names.size() <= 5
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
        String text = a.message()
                .getOrDefault(
                        "en",
                        a.message()
                                .getOrDefault(
                                        "uk",
                                        a.message().values().stream()
                                                .findFirst()
                                                .orElse("")));
        x.open("entry")
                .leaf("id", "urn:uuid:" + a.id())
                .leaf(
                        "title",
                        a.type().titleEn
                                + (a.status().wire().equals("actual")
                                        ? ""
                                        : " (" + a.status().wire() + ")") + ": " + places)
                .leaf("updated", a.updatedAt().toString())
                .leaf("published", a.issuedAt().toString())
                .leaf("summary", text);
        x.empty(
                "link",
                "rel",
                "alternate",
                "type",
                "application/cap+xml",
                "href",
                base + "/api/v1/alerts/" + a.id() + ".cap");
        x.empty("category", "term", a.type().wire(), "label", a.type().titleEn);
        x.close();
    }
}
