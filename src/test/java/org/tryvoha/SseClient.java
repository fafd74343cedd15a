package org.tryvoha;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tryvoha.json.Json;

/** A real Server-Sent Events client: parses frames from the wire into a queue. */
public final class SseClient implements AutoCloseable {
    public record Message(String id, String event, String data) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    public final int status;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final HttpClient.Version version;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> resp) {
        this.status = resp.statusCode();
        this.version = resp.version();
        this.body = resp.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Over HTTP/1.1, as a browser's EventSource speaks to a plain-HTTP server. */
    public static SseClient open(String url, String lastEventId) throws Exception {
        return open(url, lastEventId, HttpClient.Version.HTTP_1_1);
    }

    /** With {@code HTTP_2} over plain HTTP the client asks for an h2c upgrade (the server declines it). */
    public static SseClient open(String url, String lastEventId, HttpClient.Version version) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpClient client = HttpClient.newBuilder().version(version).build();
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(r);
    }

    public HttpClient.Version version() {
        return version;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null, event = "message", line;
            StringBuilder data = new StringBuilder();
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) queue.add(new Message(id, event, data.toString()));
                    id = null;
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("id: ")) id = line.substring(4);
                else if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) data.append(line.substring(6));
            }
            queue.add(new Message(null, "eof", ""));
        } catch (Exception e) {
            queue.add(new Message(null, "eof", e.toString()));
        }
    }

    /** The next message, or an AssertionError after {@code seconds}. */
    public Message next(long seconds) throws InterruptedException {
        Message m = queue.poll(seconds, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no SSE message within " + seconds + " s");
        return m;
    }

    /** The next message whose event name is {@code event}, skipping others. */
    public Message next(String event, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Message m = queue.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no '" + event + "' SSE message within " + seconds + " s");
            if (m.event().equals(event)) return m;
        }
    }

    /** Null when nothing arrives within {@code millis}. */
    public Message poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.interrupt();
    }
}
