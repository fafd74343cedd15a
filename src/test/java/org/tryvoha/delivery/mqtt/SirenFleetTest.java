package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tryvoha.delivery.mqtt.SirenFleet.Out;
import org.tryvoha.delivery.mqtt.SirenRegistry.Siren;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.json.Json;
import org.tryvoha.state.ZoneState;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** The fleet's commands per change: only the sirens a change touches, one command per change, the seq it follows from. */
class SirenFleetTest {
    static final String KHARKIV = "UA63000000000041885";
    static final Instant AT = Instant.parse("2026-11-24T00:00:00Z");
    static ZoneTree tree;
    static String city, izium, lviv;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        city = tree.zonesAt(49.9935, 36.2304).get(0).id();
        izium = tree.zonesAt(49.2103, 37.2563).get(0).id();
        lviv = tree.zonesAt(49.8397, 24.0297).get(0).id();
    }

    static JsonNode json(Out o) throws Exception {
        return Json.MAPPER.readTree(o.payload());
    }

    @Test
    void aChangeCommandsOnlyTheSirensItCoversWithOneSharedCommand() throws Exception {
        SirenFleet fleet = new SirenFleet(
                List.of(
                        new Siren("a", city, "a", null, null),
                        new Siren("b", city, "b", null, null),
                        new Siren("c", izium, "c", null, null),
                        new Siren("d", lviv, "d", null, null)),
                tree,
                "tv",
                10,
                90,
                Clock.systemUTC());
        ZoneState state = new ZoneState(tree);
        ZoneMessages messages = new ZoneMessages(tree);
        List<Out> initial = fleet.update(state.snapshot(), null);
        assertThat(initial)
                .extracting(Out::topic)
                .containsExactly(
                        "tv/sirens/a/command", "tv/sirens/b/command", "tv/sirens/c/command", "tv/sirens/d/command");
        assertThat(initial).allMatch(Out::retain);

        Alert alert = new Alert(
                "x",
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of(KHARKIV),
                null,
                Map.of("uk", "Т", "en", "A"),
                "op",
                AT,
                null,
                AT,
                null,
                true);
        state.apply(new AlertEvent(7, EventKind.ISSUED, AT, alert, List.of()));
        Set<Zone> touched = messages.affected(Set.of(KHARKIV), new HashSet<>());
        List<Out> raised = fleet.update(state.snapshot(), touched);
        assertThat(raised)
                .extracting(Out::topic)
                .containsExactlyInAnyOrder("tv/sirens/a/command", "tv/sirens/b/command", "tv/sirens/c/command");
        for (Out o : raised) {
            assertThat(json(o).get("action").asText()).isEqualTo("activate");
            assertThat(json(o).get("alert").asText()).isEqualTo("x");
            assertThat(json(o).get("seq").asLong()).isEqualTo(7);
        }
        assertThat(new HashSet<>(
                        raised.stream().map(o -> json0(o).get("id").asText()).toList()))
                .hasSize(1); // one command for the change
        assertThat(raised.get(0).payload()).isSameAs(raised.get(1).payload()); // encoded once

        // the same state again changes nothing; a reconnect re-sends every current command
        assertThat(fleet.update(state.snapshot(), touched)).isEmpty();
        assertThat(fleet.update(state.snapshot(), null)).hasSize(4);

        // a change elsewhere (Lviv's zones) does not look at Kharkiv's sirens, even were their state stale
        state.apply(new AlertEvent(8, EventKind.CANCELLED, AT, alert.ended(AT), List.of()));
        assertThat(fleet.update(state.snapshot(), messages.affected(Set.of(lviv), new HashSet<>())))
                .isEmpty();
        List<Out> cancelled = fleet.update(state.snapshot(), touched);
        assertThat(cancelled)
                .hasSize(3)
                .allMatch(o -> json0(o).get("action").asText().equals("deactivate")
                        && json0(o).get("seq").asLong() == 8);
        assertThat(json(cancelled.get(0)).get("id").asText())
                .isNotEqualTo(json(raised.get(0)).get("id").asText());
    }

    @Test
    void anAckOfTheSharedCommandCountsForTheSirenThatSentIt() {
        SirenFleet fleet = new SirenFleet(
                List.of(new Siren("a", city, "a", null, null), new Siren("b", city, "b", null, null)),
                tree,
                "tv",
                10,
                90,
                Clock.systemUTC());
        ZoneState state = new ZoneState(tree);
        Alert alert = new Alert(
                "x",
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of(KHARKIV),
                null,
                Map.of("uk", "Т", "en", "A"),
                "op",
                AT,
                null,
                AT,
                null,
                true);
        fleet.update(state.snapshot(), null);
        state.apply(new AlertEvent(1, EventKind.ISSUED, AT, alert, List.of()));
        String id = json0(fleet.update(state.snapshot(), null).get(0)).get("id").asText();
        fleet.onMessage("tv/sirens/a/ack", ("{\"command\":\"" + id + "\"}").getBytes());
        fleet.onMessage("tv/sirens/b/ack", "{\"command\":\"someone-else\"}".getBytes());
        List<?> rows = (List<?>) fleet.view().get("sirens");
        assertThat(((Map<?, ?>) rows.get(0)).get("acked_at")).isNotNull();
        assertThat(((Map<?, ?>) rows.get(1)).get("acked_at")).isNull();
        fleet.onMessage("tv/sirens/b/ack", id.getBytes()); // the bare id, too
        assertThat(((Map<?, ?>) ((List<?>) fleet.view().get("sirens")).get(1)).get("acked_at"))
                .isNotNull();
    }

    private static JsonNode json0(Out o) {
        try {
            return json(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
