package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mixed and cluster runs of the delivery benchmark: arguments, per-group aggregation, the MQTT event parser. */
class MultiTest {
    private static Bench.Options options(
            String scenario, List<String> channels, int subscribers, int nodes, String mix) {
        return new Bench.Options(
                subscribers,
                channels,
                scenario,
                10,
                5,
                0,
                Path.of("x.jar"),
                Path.of("/tmp"),
                List.of(),
                null,
                0,
                "raion",
                60,
                Multi.mix(mix),
                nodes,
                Multi.DEFAULT_POSTGRES,
                "postgres",
                Multi.DEFAULT_NATS);
    }

    @Test
    void mixIsParsedInOrderAndTheDefaultIsTheIssuesMix() {
        assertThat(Multi.DEFAULT_MIX)
                .containsExactly(Map.entry("ws", 10_000), Map.entry("sse", 5_000), Map.entry("mqtt", 2_000));
        assertThat(Multi.mix(" sse:3 , mqtt:1")).containsExactly(Map.entry("sse", 3), Map.entry("mqtt", 1));
    }

    @Test
    void badMixesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> Multi.mix("ws:10,nats:5"))
                .hasMessageContaining("kinds ws, sse, mqtt")
                .hasMessageContaining("nats:5");
        assertThatThrownBy(() -> Multi.mix("ws:ten")).hasMessageContaining("kind:count");
        assertThatThrownBy(() -> Multi.mix("ws:0")).hasMessageContaining("1..19000");
        assertThatThrownBy(() -> Multi.mix("ws:20000")).hasMessageContaining("1..19000");
        assertThatThrownBy(() -> Multi.mix("ws:1,ws:2")).hasMessageContaining("twice");
    }

    @Test
    void mixedMustFitOneServerProcess() {
        assertThatThrownBy(() -> Multi.validate(options("mixed", List.of("ws"), 1, 1, "ws:15000,sse:5000,mqtt:10")))
                .hasMessageContaining("ws + sse = 20000");
        assertThatThrownBy(() -> Multi.validate(options("mixed", List.of("ws"), 1, 2, "ws:10")))
                .hasMessageContaining("one server");
        Multi.validate(options("mixed", List.of("ws"), 1, 1, "ws:10000,sse:5000,mqtt:2000"));
    }

    @Test
    void clusterArgumentsAreChecked() {
        Multi.validate(options("nationwide", List.of("ws"), 100_000, 6, "ws:1"));
        assertThatThrownBy(() -> Multi.validate(options("nationwide", List.of("ws"), 100_000, 5, "ws:1")))
                .hasMessageContaining("20000 per node")
                .hasMessageContaining("add nodes");
        assertThatThrownBy(() -> Multi.validate(options("nationwide", List.of("ws", "sse"), 1000, 3, "ws:1")))
                .hasMessageContaining("exactly one Tryvoha channel");
        assertThatThrownBy(() -> Multi.validate(options("nationwide", List.of("mqtt"), 1000, 3, "ws:1")))
                .hasMessageContaining("exactly one Tryvoha channel");
        assertThatThrownBy(() -> Multi.validate(options("burst", List.of("ws"), 1000, 3, "ws:1")))
                .hasMessageContaining("not burst");
        assertThatThrownBy(() -> Multi.validate(options("nationwide", List.of("ws"), 1000, 13, "ws:1")))
                .hasMessageContaining("--nodes must be 1..12");
        assertThat(Multi.procsFor(1)).isEqualTo(1);
        assertThat(Multi.procsFor(5_000)).isEqualTo(1);
        assertThat(Multi.procsFor(5_001)).isEqualTo(2);
        assertThat(Multi.procsFor(16_667)).isEqualTo(2);
        assertThat(Multi.procsFor(19_000)).isEqualTo(2);
        assertThat(Multi.procsFor(38_001)).isEqualTo(3);
    }

    @Test
    void eachGroupIsSummarisedOverItsOwnGeneratorsAndAllTogether() {
        // event 7 sent at t=1,000 µs; ws held by two generators (3 + 2 connections), mqtt by one (2, one missing)
        Map<Long, Long> sent = new LinkedHashMap<>(Map.of(7L, 1_000L));
        Map<Long, long[]> ws = new HashMap<>(), mqtt = new HashMap<>(), all = new HashMap<>();
        Gens.merge(ws, 7, 3, 1_500, 4_000);
        Gens.merge(ws, 7, 2, 1_200, 9_000);
        Gens.merge(mqtt, 7, 1, 2_000, 2_000);
        for (long[] g : new long[][] {{3, 1_500, 4_000}, {2, 1_200, 9_000}, {1, 2_000, 2_000}})
            Gens.merge(all, 7, g[0], g[1], g[2]);

        Map<String, Object> rw = new LinkedHashMap<>(), rm = new LinkedHashMap<>(), ra = new LinkedHashMap<>();
        Bench.summarise(ws, sent, 5, null, rw);
        Bench.summarise(mqtt, sent, 2, null, rm);
        Bench.summarise(all, sent, 7, null, ra);

        assertThat(((Map<?, ?>) rw.get("first_ms")).get("p99")).isEqualTo(0.2); // earliest of the two ws generators
        assertThat(((Map<?, ?>) rw.get("last_ms")).get("p99")).isEqualTo(8.0); // latest of the two
        assertThat(rw.get("deliveries")).isEqualTo(5L);
        assertThat(rw.get("errors_missing_or_extra")).isEqualTo(0L);
        assertThat(((Map<?, ?>) rm.get("last_ms")).get("p50")).isEqualTo(1.0);
        assertThat(rm.get("errors_missing_or_extra")).isEqualTo(1L);
        assertThat(((Map<?, ?>) ra.get("last_ms")).get("max")).isEqualTo(8.0);
        assertThat(ra.get("errors_missing_or_extra")).isEqualTo(1L);

        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        rw.put("subscribers", 5);
        rm.put("subscribers", 2);
        results.put("ws", rw);
        results.put("mqtt", rm);
        ra.putAll(Map.of(
                "connected",
                7L,
                "connect_failed",
                0L,
                "connect_seconds",
                1.5,
                "rss_bytes",
                1L << 20,
                "load_average",
                "1 1 1",
                "load_average_after",
                "1 1 1"));
        results.put("all", ra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Report.mixed(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                options("mixed", List.of("ws"), 7, 1, "ws:5,mqtt:2"),
                results);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("| ws | 5 | 0.2 / 0.2 | 8.0 / 8.0 / 8.0 / 8.0 | 5 | 0 |")
                .contains("| mqtt | 2 |")
                .contains("| all | 7 |");
    }

    @Test
    void mqttSubscribersReadTryvohasEventJsonAndThePeersRecords() {
        List<String> seen = new ArrayList<>();
        Wire.Sink sink = new Wire.Sink() {
            @Override
            public void event(long seq) {
                seen.add("event " + seq);
            }

            @Override
            public void ready() {
                seen.add("ready");
            }
        };
        Wire w = new Wire.Mqtt();
        byte[] suback = {(byte) 0x90, 3, 0, 1, 0};
        byte[] tryvoha = Mqtt.publish(
                Multi.MQTT_EVENTS,
                "{\"type\":\"event\",\"seq\":4711,\"kind\":\"raised\"}".getBytes(StandardCharsets.UTF_8));
        byte[] peer = Mqtt.publish(Bench.TOPIC, Wire.payload(12, Bench.PAYLOAD));
        byte[] other = Mqtt.publish(Multi.MQTT_EVENTS, "{\"type\":\"state\"}".getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(1024)
                .put(suback)
                .put(tryvoha)
                .put(other)
                .put(peer)
                .flip();
        w.feed(b, sink);
        assertThat(seen).containsExactly("ready", "event 4711", "event 12");
    }
}
