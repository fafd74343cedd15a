package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/**
 * A property over generated alerts (seeded, so a failure repeats): every exported message is valid
 * CAP 1.2 (schema and rules), and importing it gives back the alert's type, status, zones, texts
 * and expiry (to the second, CAP's precision).
 */
class CapRoundTripTest {
    static final long SEED = 20261123L;
    static final int ALERTS = 300;
    static ZoneTree tree;
    static List<Zone> zones;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        zones = new ArrayList<>(tree.all());
    }

    @Test
    void exportThenImportGivesTheSameAlert() {
        Random rnd = new Random(SEED);
        CapWriter writer = new CapWriter(tree, "tryvoha@test");
        CapImporter importer = new CapImporter(tree, "tryvoha@test", id -> Optional.empty());
        Instant now = Instant.parse("2026-11-23T20:00:00Z");
        for (int i = 0; i < ALERTS; i++) {
            Alert a = generate(rnd, now, i);
            byte[] xml = writer.write(List.of(new AlertEvent(i + 1, EventKind.ISSUED, now, a, List.of())));
            CapReader.Report r = CapReader.check(xml);
            assertThat(r.problems())
                    .as("alert %d:\n%s", i, new String(xml, StandardCharsets.UTF_8))
                    .isEmpty();
            CapImporter.Plan plan = importer.plan(r.parsed().message(), now);
            AlertRequest back = plan.request();
            assertThat(plan.action()).isEqualTo(CapImporter.Action.RAISE);
            assertThat(back.type()).as("alert %d", i).isEqualTo(a.type());
            assertThat(back.status()).isEqualTo(a.status());
            assertThat(new HashSet<>(back.zones())).as("alert %d", i).isEqualTo(new HashSet<>(a.zones()));
            assertThat(back.message()).as("alert %d", i).isEqualTo(a.message());
            assertThat(back.expiresAt())
                    .isEqualTo(a.expiresAt() == null ? null : a.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    static Alert generate(Random rnd, Instant now, int i) {
        AlertType type = AlertType.values()[rnd.nextInt(AlertType.values().length)];
        AlertStatus status = AlertStatus.values()[rnd.nextInt(AlertStatus.values().length)];
        LinkedHashSet<String> picked = new LinkedHashSet<>();
        int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 40 : 4);
        for (int k = 0; k < n; k++)
            picked.add(zones.get(rnd.nextInt(zones.size())).id());
        List<String> outermost = new ArrayList<>();
        for (String id : picked) {
            boolean covered = false;
            for (Zone z = tree.get(id).orElseThrow().parent(); z != null; z = z.parent())
                covered |= picked.contains(z.id());
            if (!covered) outermost.add(id);
        }
        Map<String, String> message = new LinkedHashMap<>();
        List<String> langs = new ArrayList<>(List.of("uk", "en", "de", "pl", "crh"));
        int nl = 1 + rnd.nextInt(3);
        for (int k = 0; k < nl; k++) message.put(langs.remove(rnd.nextInt(langs.size())), text(rnd));
        Instant expires = rnd.nextBoolean() ? null : now.plusMillis(1000 + rnd.nextInt(86_400_000));
        return new Alert("a-" + i, type, status, outermost, null, message, "op", now, expires, now, null, true);
    }

    /** Text with the characters that XML and CAP make tricky: markup, entities, quotes, Cyrillic, emoji, new lines. */
    static String text(Random rnd) {
        String[] parts = {
            "Повітряна тривога!",
            "Air raid",
            "<b>",
            "&amp;",
            "&",
            "\"quoted\"",
            "'",
            "]]>",
            "укриття",
            "🚨",
            "a,b c",
            "\n",
            "\t",
            "Ґґ Єє Її"
        };
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(12);
        for (int k = 0; k < n; k++) sb.append(parts[rnd.nextInt(parts.length)]).append(rnd.nextBoolean() ? " " : "");
        String s = sb.toString().strip();
        return s.isEmpty() ? "x" : s;
    }
}
