package org.tryvoha.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.ServerProcess;
import org.tryvoha.SseClient;
import org.tryvoha.crash.CrashCheck.Ack;
import org.tryvoha.crash.CrashCheck.Failed;
import org.tryvoha.crash.CrashCheck.LogEvent;
import org.tryvoha.crash.CrashCheck.Received;
import org.tryvoha.json.Json;

/**
 * The promise under test: an alert is durable before the operator sees "sent"; a crash (kill -9)
 * loses nothing that was acknowledged; a client that reconnects with its last event id gets exactly
 * the events it missed — no gap, no duplicate — and then live events.
 *
 * <p>The real server runs as a separate process on the packaged jar; several writers raise and
 * cancel alerts over REST as fast as they can while SSE subscribers listen (one of them hangs up
 * early each round, so that its resume has much to replay); the process is killed
 * at a random moment (sometimes with requests in flight, sometimes between writes), restarted on
 * the same data directory, and the event log, the alert rows and the resumed streams are checked
 * against everything that was acknowledged or delivered before the kill.
 */
class CrashIT {
    static final String KH_OBLAST = "UA63000000000041885";
    static final String KH_RAION = "UA63120000000091135";
    static final String KH_HROMADA = "UA63120270000028556";
    static final String KYIV = "UA80000000000093317";
    static final List<String> WRITE_ZONES = List.of(KH_OBLAST, KH_RAION, KH_HROMADA, KYIV);
    static final List<String> TYPES = List.of("air_raid", "drone", "ballistic_missile", "cruise_missile");
    /** Subscriber anchor → the written zones whose events it hears (geography, not the server's code). */
    static final Map<String, Set<String>> HEARS = Map.of(
            "UA",
            Set.copyOf(WRITE_ZONES),
            KH_OBLAST,
            Set.of(KH_OBLAST, KH_RAION, KH_HROMADA),
            KH_HROMADA,
            Set.of(KH_OBLAST, KH_RAION, KH_HROMADA));
    /** This one hangs up a third of the way into each round, so its resume has much to replay. */
    static final String LAGGING = KH_HROMADA;

    static final int ROUNDS = 5;
    static final int WRITERS = 4;

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final List<ServerProcess> servers = new ArrayList<>();
    final List<Sub> subs = new ArrayList<>();
    ServerProcess server;
    String key;

    @AfterEach
    void stop() throws Exception {
        for (Sub s : subs) s.closeQuietly();
        for (ServerProcess p : servers) p.close();
        for (ServerProcess p : servers)
            assertThat(p.alive())
                    .as("server pid %s still running", p.process.pid())
                    .isFalse();
    }

    /** Runs the body; on failure prints what every server process said. */
    void withServerOutputOnFailure(ThrowingRunnable body) throws Throwable {
        try {
            body.run();
        } catch (Throwable t) {
            for (int i = 0; i < servers.size(); i++) {
                System.out.println("----- output of server process " + i + " (pid "
                        + servers.get(i).process.pid() + ") -----");
                System.out.println(servers.get(i).output());
            }
            throw t;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    ServerProcess startServer() throws Exception {
        ServerProcess p = ServerProcess.start(dir, Map.of());
        servers.add(p);
        server = p;
        return p;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void killNineLosesNothingAcknowledgedAndResumeIsExact() throws Throwable {
        withServerOutputOnFailure(this::crashRounds);
    }

    private void crashRounds() throws Exception {
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd = new Random(seed);
        System.out.println("CrashIT seed " + seed);
        key = startServer().adminKey;
        assertThat(key).as("first start prints the admin key").startsWith("tvk_");

        for (String zone : HEARS.keySet()) {
            Sub s = new Sub(zone);
            s.connect(server.base, null);
            SseClient.Message state = s.client.next("state", 10);
            assertThat(state.id()).isEqualTo("0");
            s.base = 0;
            s.lastId = 0;
            subs.add(s);
        }

        List<Ack> acks = new ArrayList<>(); // every acknowledged write, all rounds
        List<String> active = new ArrayList<>(); // alerts active as of the log after the last restart
        long n = 0; // events in the log after the last restart
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);

        for (int round = 1; round <= ROUNDS && System.nanoTime() < deadline; round++) {
            boolean quiet = round % 2 == 0 ? rnd.nextBoolean() : false; // odd rounds always kill mid-burst
            long roundStart = n;

            // --- write until killed ---------------------------------------------------------------
            AtomicBoolean stop = new AtomicBoolean(), pause = new AtomicBoolean();
            AtomicInteger inFlight = new AtomicInteger();
            ConcurrentLinkedQueue<Ack> roundAcks = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Failed> failed = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger raises = new AtomicInteger(), cancels = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                List<String> mine = new ArrayList<>();
                for (int i = w; i < active.size(); i += WRITERS) mine.add(active.get(i));
                Writer wr = new Writer(
                        server.base,
                        round,
                        w,
                        new Random(rnd.nextLong()),
                        mine,
                        stop,
                        pause,
                        inFlight,
                        roundAcks,
                        failed,
                        unexpected,
                        raises,
                        cancels);
                writers.add(Thread.ofPlatform().name("writer-" + w).start(wr));
            }
            int window = 400 + rnd.nextInt(1000);
            Thread.sleep(window / 3);
            for (Sub s : subs) if (s.zone.equals(LAGGING)) s.client.close(); // it keeps what had arrived
            Thread.sleep(window - window / 3);
            if (quiet) {
                pause.set(true);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (inFlight.get() > 0 && System.nanoTime() < until) Thread.sleep(1);
                assertThat(inFlight.get()).as("writers went quiet").isZero();
            }
            server.kill9();
            stop.set(true);
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(t.isAlive()).as("%s stopped", t.getName()).isFalse();
            }
            assertThat(unexpected)
                    .as("answers other than 200/201 or a connection error")
                    .isEmpty();
            if (quiet)
                assertThat(failed)
                        .as("nothing was in flight when the server was killed")
                        .isEmpty();
            acks.addAll(roundAcks);
            Map<String, Integer> delivered = new LinkedHashMap<>();
            for (Sub s : subs) delivered.put(s.zone, s.drainUntilEof());

            // --- restart and check the log against what was acknowledged --------------------------
            startServer();
            List<LogEvent> log = readLog(server.base);
            n = log.size();
            List<String> problems = new ArrayList<>();
            problems.addAll(CrashCheck.gapFree(log, lastSeq(server.base)));
            problems.addAll(CrashCheck.acknowledgedAreStored(acks, log));
            problems.addAll(CrashCheck.unacknowledgedAreExplained(log, roundStart, acks, List.copyOf(failed)));
            if (quiet && n != roundStart + roundAcks.size()) {
                problems.add("quiet kill: the log grew by " + (n - roundStart) + " events but " + roundAcks.size()
                        + " were acknowledged");
            }
            problems.addAll(checkAlertRows(log, roundStart, List.copyOf(roundAcks)));
            // every subscriber's connection since its Last-Event-ID is exactly the log, filtered to its zone
            for (Sub s : subs)
                problems.addAll(CrashCheck.exactStream(s.zone, s.base, s.received, log, HEARS.get(s.zone)));
            assertThat(problems)
                    .as("round %d (%s kill)", round, quiet ? "quiet" : "mid-burst")
                    .isEmpty();

            // --- resume every subscriber with its Last-Event-ID ------------------------------------
            Map<String, Integer> resumed = new LinkedHashMap<>();
            for (Sub s : subs) {
                List<LogEvent> missed = CrashCheck.filter(log, s.lastId, Long.MAX_VALUE, HEARS.get(s.zone));
                s.connect(server.base, Long.toString(s.lastId));
                s.base = s.lastId;
                for (int i = 0; i < missed.size(); i++) s.receiveOne(15);
                assertThat(s.received)
                        .as("resumed %s after %d", s.zone, s.base)
                        .containsExactlyElementsOf(
                                missed.stream().map(LogEvent::received).toList());
                resumed.put(s.zone, missed.size());
            }
            active = CrashCheck.activeAlerts(log);
            System.out.printf(
                    "CrashIT round %d (%s kill): raised=%d cancels=%d acknowledged=%d failed=%d stored=%d (log 1..%d) delivered=%s resumed=%s%n",
                    round,
                    quiet ? "quiet" : "mid-burst",
                    raises.get(),
                    cancels.get(),
                    roundAcks.size(),
                    failed.size(),
                    n - roundStart,
                    n,
                    delivered,
                    resumed);
        }

        // after the last resume, live events follow with nothing missing or repeated
        String body = raiseBody(KH_HROMADA, "marker");
        HttpResponse<String> r = post(server.base + "/api/v1/alerts", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long markerSeq = Json.MAPPER.readTree(r.body()).path("seq").asLong();
        assertThat(markerSeq).isEqualTo(n + 1);
        for (Sub s : subs) {
            SseClient.Message m = s.client.next(10);
            assertThat(m.event())
                    .as("%s: the first message after the resumed events", s.zone)
                    .isEqualTo("alert");
            assertThat(m.id()).as("%s: live after resume", s.zone).isEqualTo(Long.toString(markerSeq));
        }
    }

    /** Every alert the round touched has a row that agrees with the log; the active set agrees too. */
    private List<String> checkAlertRows(List<LogEvent> log, long roundStart, List<Ack> roundAcks) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, LogEvent> last = CrashCheck.lastEventPerAlert(log);
        JsonNode act = Json.MAPPER
                .readTree(get(server.base + "/api/v1/alerts?active=true").body())
                .path("alerts");
        Map<String, Long> activeRows = new HashMap<>();
        act.forEach(a -> activeRows.put(a.path("id").asText(), a.path("version").asLong()));
        Map<String, Long> activeInLog = new HashMap<>();
        last.forEach((id, e) -> {
            if (e.active()) activeInLog.put(id, e.seq());
        });
        if (!activeRows.equals(activeInLog)) {
            problems.add("active alerts (id → version) differ from the log: rows " + activeRows.size() + ", log "
                    + activeInLog.size());
        }
        Set<String> cancelled = new HashSet<>();
        for (LogEvent e : log) if (e.kind().equals("cancelled")) cancelled.add(e.alertId());
        Map<String, Boolean> rowActive = new HashMap<>();
        for (Map.Entry<String, LogEvent> en : last.entrySet()) {
            if (en.getValue().seq() <= roundStart && !en.getValue().active()) continue; // checked in an earlier round
            HttpResponse<String> r = get(server.base + "/api/v1/alerts/" + en.getKey());
            if (r.statusCode() != 200) {
                problems.add("alert " + en.getKey() + " is in the log (seq "
                        + en.getValue().seq() + ") but GET answers " + r.statusCode());
                continue;
            }
            JsonNode a = Json.MAPPER.readTree(r.body());
            rowActive.put(en.getKey(), a.path("active").asBoolean());
            LogEvent e = en.getValue();
            if (a.path("active").asBoolean() != e.active()
                    || a.path("version").asLong() != e.seq()
                    || !Json.MAPPER.convertValue(a.path("zones"), List.class).equals(e.zones())) {
                problems.add("alert " + en.getKey() + " row " + a + " disagrees with its last event " + e);
            }
            if (!e.active() && a.path("ended_at").isMissingNode())
                problems.add("ended alert " + en.getKey() + " has no ended_at");
        }
        // in the operator's terms: an acknowledged cancel ended the alert; an acknowledged raise that
        // no cancel reached is still in force
        for (Ack ack : roundAcks) {
            Boolean isActive = rowActive.get(ack.alertId());
            if (isActive == null) problems.add("acknowledged " + ack + " has no alert row");
            else if (ack.kind().equals("cancelled") && isActive)
                problems.add("acknowledged cancel " + ack + " but the alert is active");
            else if (ack.kind().equals("issued") && !cancelled.contains(ack.alertId()) && !isActive) {
                problems.add("acknowledged raise " + ack + " was never cancelled but is not active");
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void anAlertThatExpiresWhileTheServerIsDownEndsRightAfterTheRestart() throws Throwable {
        withServerOutputOnFailure(() -> {
            key = startServer().adminKey;
            Sub s = new Sub(KH_HROMADA);
            subs.add(s);
            s.connect(server.base, null);
            s.client.next("state", 10);
            Instant expires = Instant.now().plusSeconds(3);
            String body = "{\"type\":\"drone\",\"zones\":[\"" + KH_RAION
                    + "\"],\"message\":{\"uk\":\"Загроза БпЛА\"},\"expires_at\":\"" + expires + "\"}";
            HttpResponse<String> r = post(server.base + "/api/v1/alerts", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode ack = Json.MAPPER.readTree(r.body());
            long issued = ack.path("seq").asLong();
            String id = ack.path("alert").path("id").asText();
            SseClient.Message m = s.client.next("alert", 10);
            assertThat(m.id()).isEqualTo(Long.toString(issued));
            assertThat(lastSeq(server.base))
                    .as("nothing expired before the kill")
                    .isEqualTo(issued);

            server.kill9();
            s.drainUntilEof();
            while (!Instant.now().isAfter(expires.plusMillis(500)))
                Thread.sleep(100); // the expiry passes while it is down

            startServer();
            s.connect(server.base, Long.toString(issued));
            SseClient.Message expired = s.client.next(15);
            assertThat(expired.event()).isEqualTo("alert");
            assertThat(expired.id()).isEqualTo(Long.toString(issued + 1));
            assertThat(expired.json().path("kind").asText()).isEqualTo("expired");
            assertThat(expired.json().path("alert").path("id").asText()).isEqualTo(id);
            assertThat(expired.json().path("alert").path("active").asBoolean()).isFalse();

            List<LogEvent> log = readLog(server.base);
            assertThat(log).extracting(LogEvent::kind).containsExactly("issued", "expired");
            JsonNode row = Json.MAPPER.readTree(
                    get(server.base + "/api/v1/alerts/" + id).body());
            assertThat(row.path("active").asBoolean()).isFalse();
            assertThat(row.path("version").asLong()).isEqualTo(issued + 1);
            assertThat(Instant.parse(row.path("ended_at").asText())).isAfterOrEqualTo(expires);
            SseClient.Message more = s.client.poll(1500);
            assertThat(more == null || !more.event().equals("alert"))
                    .as("expired only once, got %s", more)
                    .isTrue();
        });
    }

    // ---------------------------------------------------------------------------------------------

    static String raiseBody(String zone, String note) {
        return "{\"type\":\"" + TYPES.get(Math.floorMod(note.hashCode(), TYPES.size())) + "\",\"zones\":[\"" + zone
                + "\"],\"message\":{\"uk\":\"Тривога " + note + "\",\"en\":\"Alert " + note + "\"}}";
    }

    HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + key)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long lastSeq(String base) throws Exception {
        return Json.MAPPER
                .readTree(get(base + "/api/v1/events?after=0&limit=1").body())
                .path("last_seq")
                .asLong();
    }

    /** The whole event log, paged. */
    List<LogEvent> readLog(String base) throws Exception {
        List<LogEvent> out = new ArrayList<>();
        long after = 0;
        while (true) {
            HttpResponse<String> r = get(base + "/api/v1/events?after=" + after + "&limit=1000");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode events = Json.MAPPER.readTree(r.body()).path("events");
            if (events.isEmpty()) return out;
            for (JsonNode e : events) out.add(LogEvent.of(e));
            after = out.get(out.size() - 1).seq();
        }
    }

    /** One writer: raises alerts in random zones and cancels its own, recording every answer. */
    final class Writer implements Runnable {
        final String base;
        final int round, id;
        final Random rnd;
        final List<String> mine;
        final AtomicBoolean stop, pause;
        final AtomicInteger inFlight, raises, cancels;
        final ConcurrentLinkedQueue<Ack> acks;
        final ConcurrentLinkedQueue<Failed> failed;
        final ConcurrentLinkedQueue<String> unexpected;

        Writer(
                String base,
                int round,
                int id,
                Random rnd,
                List<String> mine,
                AtomicBoolean stop,
                AtomicBoolean pause,
                AtomicInteger inFlight,
                ConcurrentLinkedQueue<Ack> acks,
                ConcurrentLinkedQueue<Failed> failed,
                ConcurrentLinkedQueue<String> unexpected,
                AtomicInteger raises,
                AtomicInteger cancels) {
            this.base = base;
            this.round = round;
            this.id = id;
            this.rnd = rnd;
            this.mine = mine;
            this.stop = stop;
            this.pause = pause;
            this.inFlight = inFlight;
            this.acks = acks;
            this.failed = failed;
            this.unexpected = unexpected;
            this.raises = raises;
            this.cancels = cancels;
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                inFlight.incrementAndGet(); // before looking at pause: the controller waits for zero
                if (pause.get()) {
                    inFlight.decrementAndGet();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                try {
                    boolean cancel = !mine.isEmpty() && (mine.size() >= 4 || rnd.nextInt(10) < 4);
                    String kind, alertId, zone;
                    HttpResponse<String> r;
                    if (cancel) {
                        alertId = mine.remove(rnd.nextInt(mine.size()));
                        kind = "cancelled";
                        zone = null;
                        cancels.incrementAndGet();
                        try {
                            r = post(base + "/api/v1/alerts/" + alertId + "/cancel", null);
                        } catch (IOException e) {
                            failed.add(new Failed(kind, alertId, null, e.toString()));
                            return;
                        }
                    } else {
                        alertId = null;
                        kind = "issued";
                        zone = WRITE_ZONES.get(rnd.nextInt(WRITE_ZONES.size()));
                        raises.incrementAndGet();
                        try {
                            r = post(base + "/api/v1/alerts", raiseBody(zone, "r" + round + " w" + id + " #" + i));
                        } catch (IOException e) {
                            failed.add(new Failed(kind, null, zone, e.toString()));
                            return;
                        }
                    }
                    if (r.statusCode() != (cancel ? 200 : 201)) {
                        unexpected.add(r.statusCode() + " " + r.body());
                        return;
                    }
                    JsonNode j = Json.MAPPER.readTree(r.body());
                    Ack a = new Ack(
                            j.path("seq").asLong(),
                            j.path("kind").asText(),
                            j.path("alert").path("id").asText(),
                            zone);
                    if (!a.kind().equals(kind)
                            || (alertId != null && !a.alertId().equals(alertId))) {
                        unexpected.add("answer does not match the request: " + r.body());
                        return;
                    }
                    acks.add(a);
                    if (!cancel) mine.add(a.alertId());
                } catch (Exception e) {
                    unexpected.add(e.toString());
                    return;
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        }
    }

    /** One SSE subscriber across restarts: what its current connection received since {@link #base}. */
    static final class Sub {
        final String zone;
        SseClient client;
        long base; // the Last-Event-ID it connected with (or the seq of its first state)
        long lastId; // the last id it received
        final List<Received> received = new ArrayList<>();

        Sub(String zone) {
            this.zone = zone;
        }

        void connect(String serverBase, String lastEventId) throws Exception {
            closeQuietly();
            received.clear();
            client = SseClient.open(serverBase + "/api/v1/stream?zone=" + zone, lastEventId);
            assertThat(client.status).isEqualTo(200);
        }

        /** Takes one message, which must be an alert event, and records it. */
        void receiveOne(long seconds) throws InterruptedException {
            SseClient.Message m = client.next(seconds);
            assertThat(m.event())
                    .as("%s: expected an alert event, got %s", zone, m)
                    .isEqualTo("alert");
            record(m);
        }

        private void record(SseClient.Message m) {
            JsonNode j = m.json();
            long id = Long.parseLong(m.id());
            received.add(new Received(
                    id, j.path("kind").asText(), j.path("alert").path("id").asText()));
            lastId = id;
        }

        /** After the kill: everything that had arrived before the connection broke; returns the count of alerts. */
        int drainUntilEof() throws InterruptedException {
            int before = received.size();
            while (true) {
                SseClient.Message m = client.next(30);
                if (m.event().equals("eof")) break;
                if (m.event().equals("alert")) record(m);
                else assertThat(m.event()).as("%s: unexpected %s", zone, m).isIn("state");
            }
            return received.size() - before;
        }

        void closeQuietly() {
            if (client == null) return;
            try {
                client.close();
            } catch (Exception ignored) {
                // already gone
            }
            client = null;
        }
    }
}
