package org.tryvoha.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.bus.nats.NatsTestSupport;
import org.tryvoha.json.Json;
import org.tryvoha.store.postgres.PgTestDatabase;

/**
 * Faults survived by a cluster of three node processes (the packaged jar) on the real PostgreSQL
 * and NATS of this machine. Every test counts alerts raised (requests sent), acknowledged (201),
 * stored (in the PostgreSQL log) and delivered (to each SSE subscriber), and proves:
 * acknowledged ⊆ stored, the log is gap-free, and every subscriber gets exactly the stored events,
 * each once, in order.
 */
class ClusterFaultIT {
    static final String ZONE = "UA63000000000041885"; // Kharkiv oblast: every alert targets it
    static final long DELIVERY_WAIT_SECONDS = 30;

    @TempDir
    Path tmp;

    private PgTestDatabase db;
    private String key;
    private String stream;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = PgTestDatabase.create("tryvoha_fault");
        stream = NatsTestSupport.uniqueStream("FAULT");
        key = NodeProcess.createKey("operator", db.url());
        assertThat(key).startsWith("tvk_");
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) c.close();
        NatsTestSupport.deleteStream(NatsTestSupport.SHARED_URL, stream);
        NatsTestSupport.deleteStream(NatsTestSupport.SHARED_URL, stream + "_WORK"); // the nodes' Web Push shares
        db.close();
    }

    private List<String> args(String pgUrl, String natsUrl, String role) {
        List<String> a = new ArrayList<>(NodeProcess.clusterArgs(pgUrl, natsUrl, stream));
        a.addAll(List.of("--role", role));
        return a;
    }

    private List<NodeProcess> startAll(List<CompletableFuture<NodeProcess>> starting) {
        List<NodeProcess> nodes = starting.stream().map(CompletableFuture::join).toList();
        cleanup.addAll(nodes);
        return nodes;
    }

    private Follower follow(String name, String... bases) throws Exception {
        Follower f = new Follower(name, ZONE, List.of(bases));
        cleanup.add(f);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!f.started() && System.nanoTime() < end) Thread.sleep(50);
        assertThat(f.started()).as("%s got its state", name).isTrue();
        return f;
    }

    /** Every (seq) in the shared log, in order. */
    private List<Long> stored() throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq FROM events ORDER BY seq")) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getLong(1));
            return out;
        }
    }

    /** The common end of every test: the log is whole, and each subscriber has exactly it. */
    private void assertWholeAndDelivered(Operator op, List<Follower> followers) throws Exception {
        List<Long> stored = stored();
        long n = stored.size();
        assertThat(stored)
                .as("the log is gap-free")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(stored).as("every acknowledged alert is stored").containsAll(op.acked);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DELIVERY_WAIT_SECONDS);
        while (followers.stream().anyMatch(f -> f.last() < n) && System.nanoTime() < end) Thread.sleep(100);
        Thread.sleep(1_500); // room for a duplicate to show up, if there were one
        StringBuilder counts = new StringBuilder("raised " + op.raised + ", acknowledged " + op.acked.size()
                + ", refused " + op.refused.size() + ", stored " + n);
        for (Follower f : followers)
            counts.append(", delivered to ")
                    .append(f.name)
                    .append(' ')
                    .append(f.seqs.size())
                    .append(" (reconnects ")
                    .append(f.reconnects.get())
                    .append(')');
        System.out.println(getClass().getSimpleName() + ": " + counts);
        for (Follower f : followers) {
            assertThat(f.problems).as("%s problems", f.name).isEmpty();
            assertThat(List.copyOf(f.seqs))
                    .as("%s got every stored event once, in order (%s)", f.name, counts)
                    .containsExactlyElementsOf(stored);
        }
    }

    @Test
    void killingANodeWhileAlertsAreRaisedLosesNothing() throws Exception {
        // proves: kill -9 of a writing node loses no acknowledged alert, and its subscribers move to
        // another node and resume with Last-Event-ID, without gap or duplicate
        String nats = NatsTestSupport.sharedUrl();
        List<NodeProcess> nodes = startAll(List.of(
                NodeProcess.start("a", args(db.url(), nats, "both")),
                NodeProcess.start("b", args(db.url(), nats, "both")),
                NodeProcess.start("c", args(db.url(), nats, "edge"))));
        NodeProcess a = nodes.get(0), b = nodes.get(1), c = nodes.get(2);
        Follower onB = follow("b-then-c", b.base, c.base);
        Follower onC = follow("c", c.base);
        Follower onA = follow("a", a.base);

        Operator op = new Operator(key);
        for (int i = 0; i < 160; i++) {
            if (i == 70) b.kill9();
            NodeProcess target = i % 2 == 0 || !b.alive() ? a : b;
            if (!op.raise(target.base) && target == b)
                op.raise(a.base); // b died under the request: the operator tries a
        }
        assertThat(b.alive()).isFalse();
        assertThat(op.acked).hasSizeGreaterThanOrEqualTo(150);
        assertWholeAndDelivered(op, List.of(onB, onC, onA));
        assertThat(onB.reconnects.get())
                .as("the subscriber of the dead node moved")
                .isPositive();
    }

    @Test
    void aNatsOutageDelaysNothingThatWasAcknowledged() throws Exception {
        // proves: while NATS is down writes are still acknowledged (PostgreSQL is the record) and reach
        // every node's subscribers from the store; after NATS returns the bus carries them again, and
        // the re-published events are not delivered twice
        NatsTestSupport.Server own = new NatsTestSupport.Server(tmp.resolve("nats"));
        cleanup.add(own);
        List<NodeProcess> nodes = startAll(List.of(
                NodeProcess.start("a", args(db.url(), own.url(), "writer")),
                NodeProcess.start("b", args(db.url(), own.url(), "edge")),
                NodeProcess.start("c", args(db.url(), own.url(), "edge"))));
        Follower onB = follow("b", nodes.get(1).base);
        Follower onC = follow("c", nodes.get(2).base);
        Operator op = new Operator(key);
        String a = nodes.get(0).base;

        for (int i = 0; i < 40; i++) op.raise(a);
        own.stop();
        for (int i = 0; i < 40; i++) op.raise(a);
        JsonNode ready =
                Json.MAPPER.readTree(op.get(nodes.get(1).base + "/api/v1/ready").body());
        assertThat(ready.at("/components/bus/status").asText())
                .as("bus state during the outage: %s", ready)
                .isEqualTo("degraded");
        assertThat(ready.at("/status").asText()).isEqualTo("ready");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DELIVERY_WAIT_SECONDS);
        while ((onB.last() < 80 || onC.last() < 80) && System.nanoTime() < end) Thread.sleep(100);
        assertThat(onB.last()).as("delivered to b while NATS is down").isEqualTo(80);
        own.start();
        for (int i = 0; i < 40; i++) op.raise(a);
        assertThat(op.refused).as("refusals").isEmpty();
        assertWholeAndDelivered(op, List.of(onB, onC));
    }

    @Test
    void cuttingTheWritersLinkToPostgresRetriesOrFailsClearlyAndDeliversNothingHalfWritten() throws Exception {
        // proves: when the network to PostgreSQL is cut, a write waits and retries; a short cut costs
        // only time, a long one answers 503 naming PostgreSQL (never 500), and subscribers receive
        // exactly the committed events, nothing rolled back
        String nats = NatsTestSupport.sharedUrl();
        TcpProxy proxy = new TcpProxy(PgTestDatabase.HOST, PgTestDatabase.PORT);
        cleanup.add(proxy);
        List<NodeProcess> nodes = startAll(List.of(
                NodeProcess.start("a", args(db.url("127.0.0.1", proxy.port), nats, "writer")),
                NodeProcess.start("b", args(db.url(), nats, "edge"))));
        Follower onB = follow("b", nodes.get(1).base);
        Operator op = new Operator(key);
        String a = nodes.get(0).base;

        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofVirtual().start(() -> {
            while (!stop.get()) op.raise(a);
        });
        Thread.sleep(2_000);
        proxy.cut();
        Thread.sleep(3_000); // shorter than the store's retry time: writes wait, then succeed
        proxy.restore();
        Thread.sleep(3_000);
        int refusedBefore = op.refused.size();
        proxy.cut();
        Thread.sleep(14_000); // longer than the retry time: the waiting write fails with 503
        proxy.restore();
        Thread.sleep(3_000);
        stop.set(true);
        writer.join(60_000); // the request in flight gets its answer: every raise is acknowledged or refused
        assertThat(writer.isAlive()).isFalse();
        assertThat(op.acked.size() + op.refused.size())
                .as("every raise answered")
                .isEqualTo(op.raised);

        assertThat(op.refused.size()).as("503s during the long cut").isGreaterThan(refusedBefore);
        for (String problem : op.refused) {
            assertThat(problem)
                    .contains("\"status\":503")
                    .contains("\"code\":\"unavailable\"")
                    .contains("PostgreSQL");
        }
        assertThat(op.otherFailures).as("no 500 and no other failure").isEmpty();
        assertWholeAndDelivered(op, List.of(onB));
    }

    /** An operator raising alerts over HTTP; counts what was raised, acknowledged and refused. */
    static final class Operator {
        final String key;
        final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        final List<Long> acked = Collections.synchronizedList(new ArrayList<>());
        final List<String> refused = Collections.synchronizedList(new ArrayList<>());
        final List<String> otherFailures = Collections.synchronizedList(new ArrayList<>());
        volatile int raised;

        Operator(String key) {
            this.key = key;
        }

        /** True when acknowledged (201). A node that is down counts as raised, not acknowledged. */
        boolean raise(String base) {
            raised++;
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"air_raid\",\"zones\":[\"" + ZONE
                            + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}"))
                    .build();
            try {
                HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 201) {
                    acked.add(Json.MAPPER.readTree(resp.body()).get("seq").asLong());
                    return true;
                }
                if (resp.statusCode() == 503) refused.add(resp.body());
                else otherFailures.add(resp.statusCode() + " " + resp.body());
            } catch (IOException e) {
                // the node is gone (connection refused or reset): not acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
