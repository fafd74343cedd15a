package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.cli.TryvohaCommand;
import org.tryvoha.json.Json;
import org.tryvoha.store.Sql;
import picocli.CommandLine;

/** Webhooks on a real server against real local receivers: signatures, zones, drills, retries, disabling, slow hooks. */
class WebhookTest {
    static final String KHARKIV = "UA63000000000041885",
            LVIV = "UA46000000000026241",
            BOHODUKHIV = "UA63020000000066931";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_WEBHOOK_FIRST_RETRY_MILLIS",
                        "20",
                        "TRYVOHA_WEBHOOK_MAX_RETRY_MILLIS",
                        "40",
                        "TRYVOHA_WEBHOOK_RETRY_WINDOW_SECONDS",
                        "1",
                        "TRYVOHA_WEBHOOK_DISABLE_AFTER",
                        "2",
                        "TRYVOHA_WEBHOOK_TIMEOUT_MILLIS",
                        "30000",
                        "TRYVOHA_WEBHOOK_RELOAD_SECONDS",
                        "1",
                        "TRYVOHA_OUTBOUND_ALLOW_PRIVATE",
                        "true")); // the receivers are on loopback
    }

    /** Each test removes its hooks, so no other test's receiver is called. */
    @AfterEach
    void removeHooks() throws Exception {
        for (JsonNode h : server.send("GET", "/api/v1/webhooks", null, server.adminKey)
                .json()
                .path("webhooks")) {
            assertThat(server.send("DELETE", "/api/v1/webhooks/" + h.path("id").asText(), null, server.adminKey)
                            .status())
                    .isEqualTo(204);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode register(Receiver r, String zones, boolean drills) throws Exception {
        Answer a = server.send(
                "POST",
                "/api/v1/webhooks",
                "{\"url\":\"" + r.url() + "\",\"zones\":[" + zones + "],\"drills\":" + drills + "}",
                server.adminKey);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        assertThat(a.raw().headers().firstValue("Location"))
                .hasValue("/api/v1/webhooks/" + a.json().path("id").asText());
        return a.json();
    }

    static String raise(String zone, String status) throws Exception {
        return server.raise("{\"type\":\"air_raid\",\"status\":\"" + status + "\",\"zones\":[\"" + zone + "\"],"
                        + "\"message\":{\"uk\":\"Тривога\",\"en\":\"Air raid\"}}")
                .path("alert")
                .path("id")
                .asText();
    }

    static JsonNode json(Receiver.Request r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode awaitHook(String id, Predicate<JsonNode> cond) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode h = server.send("GET", "/api/v1/webhooks/" + id, null, server.adminKey)
                    .json();
            if (cond.test(h)) return h;
            Thread.sleep(50);
        }
        throw new AssertionError("webhook " + id + " never reached the expected state");
    }

    static JsonNode awaitLog(String id, Predicate<JsonNode> cond) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode l = server.send("GET", "/api/v1/webhooks/" + id + "/deliveries", null, server.adminKey)
                    .json()
                    .path("deliveries");
            if (cond.test(l)) return l;
            Thread.sleep(50);
        }
        throw new AssertionError("the delivery log of " + id + " never showed what was expected: "
                + server.send("GET", "/api/v1/webhooks/" + id + "/deliveries", null, server.adminKey)
                        .json());
    }

    /**
     * The delivered entries of a delivery log. A log may also hold a retry of one of them: a receiver
     * that closes a keep-alive connection just as the client takes it from its pool ("Connection was
     * closed") gets the event again 20 ms later — seen on io_uring, where the close is reported later.
     */
    static long delivered(JsonNode log) {
        long n = 0;
        for (JsonNode e : log) {
            if (e.path("outcome").asText().equals("delivered")) n++;
            else
                assertThat(e.path("outcome").asText())
                        .as("a log entry other than delivered: %s", e)
                        .isEqualTo("retrying");
        }
        return n;
    }

    /** The data line of the SSE frame with this sequence number, as the stream sends it. */
    static String sseData(String zone, long seq) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.base + "/api/v1/stream?zone=" + zone))
                .header("Last-Event-ID", Long.toString(seq - 1))
                .build();
        HttpResponse<InputStream> resp =
                HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            boolean mine = false;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("id: " + seq)) mine = true;
                if (mine && line.startsWith("data: ")) return line.substring(6);
            }
        }
        throw new AssertionError("the stream ended before event " + seq);
    }

    @Test
    void aSignedPostPerEventReachingItsZonesAndTheBodyIsTheStreamsJson() throws Exception {
        try (Receiver kharkiv = new Receiver();
                Receiver lviv = new Receiver()) {
            JsonNode hook = register(kharkiv, "\"" + BOHODUKHIV + "\"", false); // a raion: an oblast alert reaches it
            register(lviv, "\"" + LVIV + "\"", false);
            String id = raise(KHARKIV, "actual");
            Receiver.Request r = kharkiv.next();
            JsonNode ev = json(r);
            assertThat(ev.path("type").asText()).isEqualTo("event");
            assertThat(ev.path("alert").path("id").asText()).isEqualTo(id);
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(sseData(KHARKIV, ev.path("seq").asLong()));

            long ts = Long.parseLong(r.header("Tryvoha-Timestamp"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - ts)).isLessThan(300);
            String expected = Signature.sign(hook.path("secret").asText(), ts, ByteBuffer.wrap(r.body()));
            assertThat(r.header("Tryvoha-Signature")).isEqualTo(expected).startsWith("v1=");
            assertThat(Signature.sign("whsec_other", ts, ByteBuffer.wrap(r.body())))
                    .isNotEqualTo(expected);
            assertThat(r.header("Tryvoha-Webhook-Id")).isEqualTo(hook.path("id").asText());
            assertThat(r.header("Tryvoha-Event-Seq")).isEqualTo(ev.path("seq").asText());
            assertThat(r.header("Tryvoha-Delivery-Attempt")).isEqualTo("1");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");

            server.cancel(id);
            assertThat(json(kharkiv.next()).path("kind").asText()).isEqualTo("cancelled");
            String inLviv = raise(LVIV, "actual");
            // Lviv's first POST is its own alert: it got nothing of Kharkiv's
            assertThat(json(lviv.next()).path("alert").path("id").asText()).isEqualTo(inLviv);
            server.cancel(inLviv);
            awaitLog(
                    hook.path("id").asText(),
                    l -> delivered(l) == 2 && l.get(0).path("outcome").asText().equals("delivered"));
        }
    }

    @Test
    void exerciseAlertsOnlyReachHooksThatAskForDrills() throws Exception {
        try (Receiver plain = new Receiver();
                Receiver drills = new Receiver()) {
            register(plain, "\"" + KHARKIV + "\"", false);
            register(drills, "\"" + KHARKIV + "\"", true);
            String drill = raise(KHARKIV, "exercise");
            assertThat(json(drills.next()).path("alert").path("status").asText())
                    .isEqualTo("exercise");
            server.cancel(drill);
            String real = raise(KHARKIV, "actual");
            JsonNode first = json(plain.next());
            assertThat(first.path("alert").path("id").asText()).isEqualTo(real);
            assertThat(json(drills.next()).path("kind").asText()).isEqualTo("cancelled");
            assertThat(json(drills.next()).path("alert").path("id").asText()).isEqualTo(real);
            server.cancel(real);
        }
    }

    @Test
    void failedPostsAreRetriedWithTheSameBodyUntilOneSucceeds() throws Exception {
        try (Receiver r = new Receiver()) {
            r.statuses.add(500);
            r.statuses.add(503);
            String hook = register(r, "\"" + LVIV + "\"", false).path("id").asText();
            String id = raise(LVIV, "actual");
            Receiver.Request a1 = r.next(), a2 = r.next(), a3 = r.next();
            assertThat(a1.body()).isEqualTo(a2.body()).isEqualTo(a3.body());
            assertThat(a1.header("Tryvoha-Delivery-Attempt")
                            + a2.header("Tryvoha-Delivery-Attempt")
                            + a3.header("Tryvoha-Delivery-Attempt"))
                    .isEqualTo("123");
            JsonNode log = awaitLog(hook, l -> l.size() >= 3);
            assertThat(log)
                    .extracting(e ->
                            e.path("attempt").asInt() + ":" + e.path("outcome").asText() + ":"
                                    + e.path("status").asInt())
                    .startsWith("3:delivered:200", "2:retrying:503", "1:retrying:500");
            assertThat(log.get(1).path("error").asText()).contains("HTTP 503").contains("next attempt in");
            server.cancel(id);
        }
    }

    @Test
    void aHookFailingEveryRetryIsDisabledAndCanBeEnabledAgain() throws Exception {
        try (Receiver r = new Receiver()) {
            r.then = () -> 500;
            String hook = register(r, "\"" + KHARKIV + "\"", false).path("id").asText();
            String a = raise(KHARKIV, "actual");
            server.cancel(a);
            JsonNode h = awaitHook(hook, n -> !n.path("enabled").asBoolean());
            assertThat(h.path("failures").asInt()).isEqualTo(2);
            assertThat(h.path("disabled_reason").asText())
                    .contains("2 events in a row failed every retry")
                    .contains("HTTP 500");
            assertThat(awaitLog(
                                    hook,
                                    l -> l.size() > 0
                                            && l.get(0).path("outcome").asText().equals("failed"))
                            .get(0)
                            .path("error")
                            .asText())
                    .contains("gave up after");

            String whileOff = raise(KHARKIV, "actual"); // not sent: the hook is off
            server.cancel(whileOff);
            r.then = () -> 200;
            r.received.clear();
            Answer on = server.send("POST", "/api/v1/webhooks/" + hook + "/enable", null, server.adminKey);
            assertThat(on.status()).isEqualTo(200);
            assertThat(on.json().path("enabled").asBoolean()).isTrue();
            assertThat(on.json().path("failures").asInt()).isZero();
            String after = raise(KHARKIV, "actual");
            Receiver.Request first = r.next();
            assertThat(first.header("Tryvoha-Webhook-Id")).isEqualTo(hook);
            assertThat(json(first).path("alert").path("id").asText())
                    .as("a=%s whileOff=%s", a, whileOff)
                    .isEqualTo(after);
            server.cancel(after);
        }
    }

    @Test
    void aSlowHookNeverDelaysAFastOne() throws Exception {
        try (Receiver slow = new Receiver();
                Receiver fast = new Receiver()) {
            CountDownLatch release = new CountDownLatch(1);
            slow.hold = release;
            register(slow, "\"" + LVIV + "\"", false);
            register(fast, "\"" + LVIV + "\"", false);
            String id = raise(LVIV, "actual");
            slow.next(); // the slow endpoint has the POST and does not answer
            assertThat(json(fast.next()).path("alert").path("id").asText()).isEqualTo(id);
            server.cancel(id);
            assertThat(json(fast.next()).path("kind").asText())
                    .isEqualTo("cancelled"); // while the slow one still holds the first
            assertThat(slow.received).isEmpty();
            release.countDown();
            assertThat(json(slow.next()).path("kind").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void theApiNeedsAKeyAndSaysWhatIsWrong() throws Exception {
        assertThat(server.send("GET", "/api/v1/webhooks", null, null).status()).isEqualTo(401);
        assertThat(server.send("POST", "/api/v1/webhooks", "{}", "tvk_wrong").status())
                .isEqualTo(401);
        Answer bad = server.send(
                "POST",
                "/api/v1/webhooks",
                "{\"url\":\"ftp://x\",\"zones\":[\"nope\"],\"drills\":\"yes\"}",
                server.adminKey);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly("url", "zones", "drills");
        assertThat(server.send("POST", "/api/v1/webhooks", "{nope", server.adminKey)
                        .status())
                .isEqualTo(400);
        assertThat(server.send("GET", "/api/v1/webhooks/wh_none", null, server.adminKey)
                        .status())
                .isEqualTo(404);

        try (Receiver r = new Receiver()) {
            String id = register(r, "\"" + LVIV + "\"", true).path("id").asText();
            JsonNode list = server.send("GET", "/api/v1/webhooks", null, server.adminKey)
                    .json();
            JsonNode mine = null;
            for (JsonNode h : list.path("webhooks")) if (h.path("id").asText().equals(id)) mine = h;
            assertThat(mine).isNotNull();
            assertThat(mine.has("secret")).isFalse();
            assertThat(mine.path("created_by").asText()).isEqualTo("admin");
            assertThat(server.send("DELETE", "/api/v1/webhooks/" + id, null, server.adminKey)
                            .status())
                    .isEqualTo(204);
            assertThat(server.send("GET", "/api/v1/webhooks/" + id, null, server.adminKey)
                            .status())
                    .isEqualTo(404);
        }
    }

    static String[] cli(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Arrays.stream(args), Stream.of("--server", server.base, "--key", server.adminKey))
                .toArray(String[]::new);
        assertThat(cl.execute(all)).as(err.toString()).isZero();
        return out.toString().strip().split("\\s+");
    }

    @Test
    void theCliAddsListsShowsTheLogAndRemoves() throws Exception {
        try (Receiver r = new Receiver()) {
            StringWriter err = new StringWriter();
            String[] added =
                    cli(new StringWriter(), err, "webhooks", "add", "--url", r.url(), "--zone", LVIV, "--drills");
            assertThat(err.toString()).contains("added webhook " + added[0]);
            assertThat(added[1]).startsWith(Signature.PREFIX);
            StringWriter list = new StringWriter();
            cli(list, new StringWriter(), "webhooks", "list");
            assertThat(list.toString())
                    .contains(added[0])
                    .contains(r.url())
                    .contains(LVIV)
                    .doesNotContain(added[1]);
            String id = raise(LVIV, "exercise");
            r.next();
            server.cancel(id);
            r.next();
            awaitLog(added[0], l -> delivered(l) == 2);
            StringWriter log = new StringWriter();
            cli(log, new StringWriter(), "webhooks", "log", added[0]);
            assertThat(log.toString()
                            .lines()
                            .filter(l -> l.contains("delivered"))
                            .count())
                    .isEqualTo(2);
            cli(new StringWriter(), new StringWriter(), "webhooks", "enable", added[0]);
            StringWriter removed = new StringWriter();
            cli(new StringWriter(), removed, "webhooks", "remove", added[0]);
            assertThat(removed.toString()).contains("removed webhook " + added[0]);
            assertThat(server.send("GET", "/api/v1/webhooks/" + added[0], null, server.adminKey)
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aHookAddedThroughAnotherNodeIsPickedUpFromTheStore() throws Exception {
        try (Receiver r = new Receiver()) {
            // another node registers the hook: it is only in the shared database
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir.resolve("tryvoha.db"))) {
                WebhookStore other = new WebhookStore(
                        new Sql() {
                            public Dialect dialect() {
                                return Dialect.SQLITE;
                            }

                            public <T> T write(String what, Work<T> work) {
                                try {
                                    return work.run(c);
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            }

                            public <T> T read(String what, Work<T> work) {
                                return write(what, work);
                            }
                        },
                        10);
                other.insert(new Webhook(
                        "wh_other_node",
                        r.url(),
                        List.of(LVIV),
                        false,
                        "whsec_x",
                        true,
                        0,
                        null,
                        Instant.now(),
                        "ops",
                        "op_ops"));
            }
            Receiver.Request got = null;
            for (int i = 0; i < 100 && got == null; i++) { // until the next reload has seen it
                String id = raise(LVIV, "actual");
                server.cancel(id);
                got = r.received.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(got).as("the hook added to the store was never called").isNotNull();
            assertThat(got.header("Tryvoha-Webhook-Id")).isEqualTo("wh_other_node");
        }
    }
}
