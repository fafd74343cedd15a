package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tryvoha.TestServer;
import org.tryvoha.alert.AlertRequest;
import org.tryvoha.cap.CapReader;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.Area;
import org.tryvoha.json.Json;
import org.tryvoha.signing.Verifier;
import org.tryvoha.stream.StreamEndpoints;
import org.tryvoha.track.TrackReports;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Every parser of outside input, fuzzed: it answers or refuses with its own 4xx error type, never
 * anything else, and never hangs. In the normal test run each {@code @FuzzTest} runs its seed corpus
 * (src/test/resources/.../ParserFuzzTestInputs) and {@link #boundedRandomMutationsOfEverySeed} runs a
 * fixed number of seeded random mutations of the seeds; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ParserFuzzTest {
    static final int MUTATIONS_PER_PARSER = 1500;
    private static ZoneTree tree;
    private static TestServer server;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static synchronized ZoneTree tree() {
        if (tree == null) tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        return tree;
    }

    static synchronized TestServer server() throws Exception {
        if (server == null) {
            server = TestServer.start(
                    Files.createTempDirectory("fuzz"),
                    Map.of(
                            "TRYVOHA_RATE_LIMIT_REQUESTS_PER_SECOND",
                            "0",
                            "TRYVOHA_RATE_LIMIT_CONNECTIONS_PER_SECOND",
                            "0"));
        }
        return server;
    }

    @AfterAll
    static synchronized void stop() {
        if (server != null) server.close();
        server = null;
    }

    /** The refusal a parser may throw: a problem with a 4xx status. */
    static void expectProblem(Runnable r) {
        try {
            r.run();
        } catch (ProblemException p) {
            assertThat(p.code.status).as("status of: " + p.getMessage()).isBetween(400, 499);
        }
    }

    static JsonNode json(byte[] in) {
        try {
            return Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            return null; // the API answers 400 for this (ProblemHandler.badJson)
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void alertJson(byte[] in) {
        JsonNode n = json(in);
        if (n == null || n.isMissingNode()) return;
        expectProblem(() -> AlertRequest.parse(n, true, tree(), Instant.parse("2026-11-23T12:00:00Z")));
        expectProblem(() -> AlertRequest.parse(n, false, tree(), Instant.parse("2026-11-23T12:00:00Z")));
    }

    @FuzzTest(maxDuration = "2m")
    void geoJsonArea(byte[] in) {
        JsonNode n = json(in);
        if (n == null) return;
        try {
            Area.parse(n, "area");
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).startsWith("area");
        }
    }

    @FuzzTest(maxDuration = "2m")
    void trackReports(byte[] in) {
        JsonNode n = json(in);
        if (n == null || n.isMissingNode()) return;
        expectProblem(() -> TrackReports.parse(n, 1000));
    }

    @FuzzTest(maxDuration = "2m")
    void webSocketMessage(byte[] in) {
        expectProblem(() -> StreamEndpoints.read(new String(in, StandardCharsets.UTF_8), tree(), 100));
    }

    @FuzzTest(maxDuration = "2m")
    void capXml(byte[] in) {
        CapReader.check(in); // reports, never throws
        expectProblem(() -> CapReader.read(in));
    }

    @FuzzTest(maxDuration = "2m")
    void signedEvent(byte[] in) {
        JsonNode n = json(in);
        if (n == null) return;
        assertThat(Verifier.verify(n, Map.of()).ok()).isFalse(); // no key is published: never valid, never a crash
    }

    /** Query parameters of the history, event log, stream and zone endpoints over real HTTP: never a 5xx. */
    @FuzzTest(maxDuration = "2m")
    void queryParameters(byte[] in) throws Exception {
        String[] v = new String(in, StandardCharsets.UTF_8).split("\u0000|\n", -1);
        String a = v[0], b = v.length > 1 ? v[1] : "", c = v.length > 2 ? v[2] : "";
        List<String> paths = List.of(
                "/api/v1/alerts?zone=" + enc(a) + "&type=" + enc(b) + "&status=" + enc(c) + "&from=" + enc(a) + "&to="
                        + enc(b) + "&limit=" + enc(c),
                "/api/v1/alerts?cursor=" + enc(a) + "&active=" + enc(b),
                "/api/v1/events?after=" + enc(a) + "&limit=" + enc(b),
                "/api/v1/stream?zone=" + enc(a) + "&lat=" + enc(b) + "&lon=" + enc(c) + "&last_event_id=" + enc(a),
                "/api/v1/zones/at?lat=" + enc(a) + "&lon=" + enc(b),
                "/api/v1/zones/search?q=" + enc(a) + "&limit=" + enc(b),
                "/api/v1/cap/feed.atom?zone=" + enc(a),
                "/api/v1/shelters/near?lat=" + enc(a) + "&lon=" + enc(b) + "&limit=" + enc(c));
        for (String p : paths) {
            HttpRequest.Builder r =
                    HttpRequest.newBuilder(URI.create(server().base + p)).timeout(Duration.ofSeconds(30));
            if (p.startsWith("/api/v1/stream") && !b.isEmpty() && b.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f))
                r.header("Last-Event-ID", b);
            HttpResponse<InputStream> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            resp.body().close();
            assertThat(resp.statusCode()).as(p).isLessThan(500);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A fixed number of seeded random mutations of every seed, each within a time limit: a bounded property run. */
    @Test
    void boundedRandomMutationsOfEverySeed() throws Exception {
        Map<String, Consumer<byte[]>> parsers = new LinkedHashMap<>();
        parsers.put("alertJson", this::alertJson);
        parsers.put("geoJsonArea", this::geoJsonArea);
        parsers.put("trackReports", this::trackReports);
        parsers.put("webSocketMessage", this::webSocketMessage);
        parsers.put("capXml", this::capXml);
        parsers.put("signedEvent", this::signedEvent);
        parsers.put("queryParameters", in -> {
            try {
                queryParameters(in);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            for (var p : parsers.entrySet()) {
                List<byte[]> seeds = seeds(p.getKey());
                assertThat(seeds).as("seed corpus of " + p.getKey()).isNotEmpty();
                Random rnd = new Random(p.getKey().hashCode());
                int n = p.getKey().equals("queryParameters") ? 100 : MUTATIONS_PER_PARSER;
                for (int i = 0; i < n; i++) {
                    byte[] input = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                    Future<?> f = one.submit(() -> p.getValue().accept(input));
                    try {
                        f.get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError(
                                p.getKey() + " hung on input " + new String(input, StandardCharsets.UTF_8));
                    } catch (ExecutionException e) {
                        throw new AssertionError(
                                p.getKey() + " failed on input " + new String(input, StandardCharsets.UTF_8),
                                e.getCause());
                    }
                }
            }
        } finally {
            one.shutdownNow();
        }
    }

    static List<byte[]> seeds(String method) throws Exception {
        URI dir = ParserFuzzTest.class
                .getResource("ParserFuzzTestInputs/" + method)
                .toURI();
        List<byte[]> out = new ArrayList<>();
        try (var files = Files.list(Path.of(dir))) {
            for (Path f : files.sorted().toList()) out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /** Flips, inserts, deletes, duplicates or truncates a few bytes; sometimes splices in JSON/XML tokens. */
    static byte[] mutate(byte[] seed, Random rnd) {
        List<Byte> b = new ArrayList<>();
        for (byte x : seed) b.add(x);
        String[] tokens = {
            "{",
            "}",
            "[",
            "]",
            "\"",
            ",",
            ":",
            "null",
            "-1",
            "1e309",
            "NaN",
            "<",
            ">",
            "&amp;",
            "\uD800",
            "9999999999999999999",
            "[[[[[[[[",
            "0.0",
            "\"zones\"",
            "\"Polygon\"",
            "<alert>",
            "<!DOCTYPE x [<!ENTITY e \"e\">]>"
        };
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : rnd.nextInt(b.size() + 1);
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    if (at < b.size()) b.set(at, (byte) rnd.nextInt(256));
                }
                case 1 -> {
                    if (at < b.size()) b.remove(at);
                }
                case 2 -> {
                    for (byte x : tokens[rnd.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8))
                        b.add(Math.min(at, b.size()), x);
                }
                case 3 -> {
                    while (b.size() > at) b.remove(b.size() - 1);
                }
                default -> {
                    int len = Math.min(b.size() - Math.min(at, b.size()), 1 + rnd.nextInt(16));
                    List<Byte> copy = new ArrayList<>(b.subList(Math.min(at, b.size()), Math.min(at, b.size()) + len));
                    b.addAll(Math.min(at, b.size()), copy);
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) out[i] = b.get(i);
        return out;
    }
}
