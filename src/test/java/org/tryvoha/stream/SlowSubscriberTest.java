package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.SseClient;
import org.tryvoha.TestServer;

/**
 * A subscriber that stops reading must not hold the server hostage: once its unsent bytes pass
 * {@code subscriber-queue-bytes} the server drops it (telling it where to resume), while a normal
 * subscriber of the same zone keeps receiving every event.
 */
class SlowSubscriberTest {
    static final String KH_HROMADA = "UA63120270000028556";
    static final int MAX_ALERTS = 300;

    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** The server's settings: a 4 KiB subscriber queue, so one ~26 kB event is more than a subscriber may have waiting. */
    Map<String, String> settings() {
        return Map.of("TRYVOHA_SUBSCRIBER_QUEUE_BYTES", "4096");
    }

    long sseSubscribers() throws Exception {
        return server.get("/api/v1/health")
                .json()
                .path("subscribers")
                .path("sse")
                .asLong();
    }

    static String body() {
        String text =
                "Ракетна небезпека. Негайно прямуйте до укриття! ".repeat(100).substring(0, 3999) + "!";
        return "{\"type\":\"ballistic_missile\",\"zones\":[\"" + KH_HROMADA + "\"],\"message\":{\"uk\":\"" + text
                + "\",\"en\":\""
                + "Missile danger, go to a shelter now. ".repeat(110).substring(0, 3999) + "!" + "\",\"crh\":\"" + text
                + "\",\"ru\":\"" + text + "\"}}"; // about 26 kB a frame
    }

    /** Opens a raw SSE connection that sends its request and then never reads. */
    Socket stuckSubscriber() throws Exception {
        Socket stuck = new Socket();
        stuck.setReceiveBufferSize(4096); // before connecting, so the window stays small
        stuck.connect(new InetSocketAddress("127.0.0.1", server.app.port()), 5000);
        OutputStream o = stuck.getOutputStream();
        o.write(("GET /api/v1/stream?zone=" + KH_HROMADA
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        return stuck;
    }

    /** Raises alerts until the SSE subscriber count drops to {@code to} (bounded); returns their seqs. */
    List<Long> raiseUntilDropped(long from, long to) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sseSubscribers() < from && System.nanoTime() < until) Thread.sleep(10);
        assertThat(sseSubscribers()).as("subscribers connected").isEqualTo(from);
        String body = body();
        List<Long> raised = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (raised.size() < MAX_ALERTS && System.nanoTime() < deadline && sseSubscribers() > to) {
            raised.add(server.raise(body).path("seq").asLong());
        }
        assertThat(sseSubscribers())
                .as("the stuck subscriber was dropped after %d alerts", raised.size())
                .isEqualTo(to);
        return raised;
    }

    @Test
    void aSubscriberThatNeverReadsIsDroppedAndTheOthersGetEveryEvent() throws Exception {
        server = TestServer.start(dir, settings());
        try (SseClient normal = SseClient.open(server.base + "/api/v1/stream?zone=" + KH_HROMADA, null);
                Socket stuck = stuckSubscriber()) {
            normal.next("state", 5);
            List<Long> raised = raiseUntilDropped(2, 1);
            // a few more after the drop: the normal subscriber must not notice anything
            for (int i = 0; i < 5; i++)
                raised.add(server.raise(body()).path("seq").asLong());

            List<Long> got = new ArrayList<>();
            for (int i = 0; i < raised.size(); i++) {
                SseClient.Message m = normal.next(10);
                assertThat(m.event()).as("message %d", i).isEqualTo("alert");
                JsonNode j = m.json();
                assertThat(j.path("alert").path("message").path("uk").asText()).hasSize(4000);
                got.add(Long.parseLong(m.id()));
            }
            assertThat(got).as("every event, once, in order").containsExactlyElementsOf(raised);

            // now read what the stuck connection was sent: a gap-free prefix, then a disconnect naming
            // the last id it got, then the end of the response
            Read r = readAll(stuck, 5);
            String wire = r.text();
            List<Long> ids = new ArrayList<>();
            Matcher m = ALERT_ID.matcher(wire);
            while (m.find()) ids.add(Long.parseLong(m.group(1)));
            System.out.println("SlowSubscriberTest: dropped after " + ids.size() + " of " + raised.size()
                    + " events; the connection then "
                    + (r.closed() ? "was closed by the server" : "stayed open (no EOF within 5 s of silence)"));
            assertThat(ids)
                    .as("the stuck subscriber got a prefix of the events before it was dropped")
                    .isNotEmpty()
                    .isEqualTo(raised.subList(0, ids.size()));
            assertThat(ids.size()).isLessThan(raised.size());
            Matcher d =
                    Pattern.compile("event: disconnect\ndata: (\\{[^\n]*\\})").matcher(wire);
            assertThat(d.find()).as("a disconnect event after %s", ids).isTrue();
            assertThat(d.group(1)).contains("slow consumer").contains("Last-Event-ID " + ids.get(ids.size() - 1));
            assertThat(wire).as("the response is ended (last chunk)").contains("\r\n0\r\n\r\n");
        }
    }

    /**
     * Subscriber's contract: "a connection whose write queue stays full is closed with a reason". The
     * dropped connection should be closed, so that a client that never reads does not hold a socket
     * and its unsent bytes for good (the server runs with no idle timeout).
     */
    @Test
    void theServerClosesTheConnectionOfADroppedSubscriber() throws Exception {
        server = TestServer.start(dir, settings());
        try (Socket stuck = stuckSubscriber()) {
            raiseUntilDropped(1, 0);
            Read r = readAll(stuck, 5);
            assertThat(r.text()).contains("event: disconnect");
            assertThat(r.closed()).as("EOF or reset after the disconnect event").isTrue();
        }
    }

    /**
     * Everything the server sends on {@code s} until it closes or resets the connection, or until
     * nothing more arrives for {@code quietSeconds}.
     */
    record Read(String text, boolean closed) {}

    static final Pattern ALERT_ID = Pattern.compile("(?m)^id: (\\d+)\nevent: alert$");

    static Read readAll(Socket s, int quietSeconds) throws Exception {
        s.setSoTimeout(quietSeconds * 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        boolean closed;
        try {
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
            closed = true; // EOF
        } catch (SocketTimeoutException e) {
            closed = false; // quiet: what arrived is what we have
        } catch (SocketException e) {
            closed = true; // reset
        }
        return new Read(out.toString(StandardCharsets.UTF_8), closed);
    }
}
