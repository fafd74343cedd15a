package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.cap.CapMessages.alert;
import static org.tryvoha.cap.CapMessages.geocode;
import static org.tryvoha.cap.CapMessages.post;
import static org.tryvoha.cap.CapMessages.sentAt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/**
 * CAP pipelines deliver at least once and not always in order: a message already applied (same
 * sender and identifier) is answered with the event it produced and changes nothing, an Update or
 * Cancel sent before the newest message applied to its alert is refused, and both survive a restart.
 */
class CapDeliveryTest {
    static final String SENDER = "lviv-ova@example.gov.ua";
    static final String LVIVSKYI = "UA46060000000042587";
    static final String STRYISKYI = "UA46100000000023056";

    @TempDir
    Path dir;

    TestServer server;
    String key;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
        key = server.adminKey;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String areas(String... zones) {
        StringBuilder sb = new StringBuilder();
        for (String z : zones) sb.append(geocode(z));
        return sb.toString();
    }

    static String ref(String identifier, Instant sent) {
        return SENDER + "," + identifier + "," + CapMessages.time(sent);
    }

    Answer post(String xml) throws Exception {
        return CapMessages.post(server, xml, "application/cap+xml", key);
    }

    long lastSeq() throws Exception {
        return server.get("/api/v1/events?limit=1").json().path("last_seq").asLong();
    }

    @Test
    void anOlderUpdateDeliveredAfterANewerOneIsRefusedAndChangesNothing() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String ident = CapApiTest.id();
        Answer a = post(sentAt(alert(SENDER, ident, "Alert", "Actual", null, areas(LVIVSKYI), null), t0));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        String id = a.json().path("alert").path("id").asText();

        String older = sentAt(
                alert(SENDER, ident + "-u1", "Update", "Actual", ref(ident, t0), areas(LVIVSKYI), null),
                t0.plusSeconds(10));
        String newer = sentAt(
                alert(SENDER, ident + "-u2", "Update", "Actual", ref(ident, t0), areas(LVIVSKYI, STRYISKYI), null),
                t0.plusSeconds(20));
        Answer n = post(newer);
        assertThat(n.status()).as(n.raw().body()).isEqualTo(200);
        long version = n.json().path("alert").path("version").asLong();

        Answer o = post(older);
        assertThat(o.status()).as(o.raw().body()).isEqualTo(409);
        assertThat(o.json().path("detail").asText()).contains("before the newest message", ident + "-u1");

        // nor may an older Cancel clear the raions: that would be a false all-clear
        String oldCancel = sentAt(
                alert(SENDER, ident + "-c", "Cancel", "Actual", ref(ident, t0), areas(LVIVSKYI), null),
                t0.plusSeconds(15));
        assertThat(post(oldCancel).status()).isEqualTo(409);

        JsonNode now = server.get("/api/v1/alerts/" + id).json();
        assertThat(now.path("active").asBoolean()).isTrue();
        assertThat(now.path("zones")).extracting(JsonNode::asText).containsExactly(LVIVSKYI, STRYISKYI);
        assertThat(now.path("version").asLong()).isEqualTo(version);
    }

    @Test
    void aDuplicateIsANoOpAnsweredWithTheEventItProduced() throws Exception {
        String ident = CapApiTest.id();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        String raise = sentAt(alert(SENDER, ident, "Alert", "Actual", null, areas(LVIVSKYI), null), t0);
        Answer a = post(raise);
        assertThat(a.status()).isEqualTo(201);
        String update = sentAt(
                alert(SENDER, ident + "-u", "Update", "Actual", ref(ident, t0), areas(STRYISKYI), null),
                t0.plusSeconds(5));
        Answer u = post(update);
        assertThat(u.status()).as(u.raw().body()).isEqualTo(200);
        long seq = u.json().path("seq").asLong();

        for (String copy : List.of(update, raise)) {
            Answer again = post(copy);
            assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
            assertThat(again.json().path("replayed").asBoolean()).isTrue();
        }
        Answer again = post(update);
        assertThat(again.json().path("seq").asLong()).isEqualTo(seq);
        assertThat(again.json().path("kind").asText()).isEqualTo("updated");
        assertThat(post(raise).json().path("seq").asLong())
                .isEqualTo(a.json().path("seq").asLong());
        // nothing new in the log, so nothing was published again
        assertThat(lastSeq()).isEqualTo(seq);

        // and after a restart it is still known
        server.close();
        server = TestServer.start(dir);
        Answer afterRestart = post(update);
        assertThat(afterRestart.status()).as(afterRestart.raw().body()).isEqualTo(200);
        assertThat(afterRestart.json().path("seq").asLong()).isEqualTo(seq);
        String stale = sentAt(
                alert(SENDER, ident + "-old", "Update", "Actual", ref(ident, t0), areas(LVIVSKYI), null),
                t0.plusSeconds(2));
        assertThat(post(stale).status()).isEqualTo(409);
        assertThat(lastSeq()).isEqualTo(seq);
    }

    @Test
    void copiesArrivingAtOnceAreAppliedOnce() throws Exception {
        String ident = CapApiTest.id();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        assertThat(post(sentAt(alert(SENDER, ident, "Alert", "Actual", null, areas(LVIVSKYI), null), t0))
                        .status())
                .isEqualTo(201);
        long before = lastSeq();
        String update = sentAt(
                alert(SENDER, ident + "-u", "Update", "Actual", ref(ident, t0), areas(STRYISKYI), null),
                t0.plusSeconds(5));
        int copies = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(copies);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
            var start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < copies; i++)
                answers.add(pool.submit(() -> {
                    start.await();
                    return post(update);
                }));
            start.countDown();
            java.util.Set<Long> seqs = new java.util.HashSet<>();
            int replayed = 0;
            for (var f : answers) {
                Answer a = f.get();
                assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
                seqs.add(a.json().path("seq").asLong());
                if (a.json().path("replayed").asBoolean()) replayed++;
            }
            assertThat(seqs).as("every copy names the one event").hasSize(1);
            assertThat(replayed).isEqualTo(copies - 1);
            assertThat(lastSeq()).isEqualTo(before + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUpdateMayReferenceAnyEarlierMessageOfTheAlert() throws Exception {
        String ident = CapApiTest.id();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Answer a = post(sentAt(alert(SENDER, ident, "Alert", "Actual", null, areas(LVIVSKYI), null), t0));
        String id = a.json().path("alert").path("id").asText();
        Answer u1 = post(sentAt(
                alert(SENDER, ident + "-u1", "Update", "Actual", ref(ident, t0), areas(STRYISKYI), null),
                t0.plusSeconds(5)));
        assertThat(u1.status()).isEqualTo(200);
        // references only the previous Update, not the Alert
        Answer u2 = post(sentAt(
                alert(
                        SENDER,
                        ident + "-u2",
                        "Update",
                        "Actual",
                        ref(ident + "-u1", t0.plusSeconds(5)),
                        areas(LVIVSKYI, STRYISKYI),
                        null),
                t0.plusSeconds(10)));
        assertThat(u2.status()).as(u2.raw().body()).isEqualTo(200);
        assertThat(u2.json().path("alert").path("id").asText()).isEqualTo(id);
        Answer c = post(sentAt(
                alert(
                        SENDER,
                        ident + "-c",
                        "Cancel",
                        "Actual",
                        ref(ident + "-u2", t0.plusSeconds(10)),
                        areas(LVIVSKYI),
                        null),
                t0.plusSeconds(15)));
        assertThat(c.status()).as(c.raw().body()).isEqualTo(200);
        assertThat(c.json().path("kind").asText()).isEqualTo("cancelled");
    }

    @Test
    void anExportedMessagePostedBackMapsToItsAlert() throws Exception {
        JsonNode raised =
                server.raise("{\"type\":\"drone\",\"zones\":[\"" + LVIVSKYI + "\"],\"message\":{\"uk\":\"БпЛА\"}}");
        String id = raised.path("alert").path("id").asText();
        String exported = server.get("/api/v1/alerts/" + id + ".cap").raw().body();
        Answer back = post(exported);
        assertThat(back.status()).as(back.raw().body()).isEqualTo(200);
        assertThat(back.json().path("alert").path("id").asText()).isEqualTo(id);
        assertThat(back.json().path("seq").asLong())
                .isEqualTo(raised.path("seq").asLong());
        assertThat(lastSeq()).as("no second alert").isEqualTo(raised.path("seq").asLong());
    }
}
