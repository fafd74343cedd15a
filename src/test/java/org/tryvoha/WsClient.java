package org.tryvoha;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tryvoha.json.Json;

/** A real WebSocket client (the JDK's): every text message parsed into a queue. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public volatile int closeCode = -1;
    public WebSocket ws;

    /** The client this socket made for itself, shut down with it (null: the caller's). */
    private HttpClient own;

    /**
     * Over a client of its own, shut down when this socket closes: a client shared by every test let
     * one stuck selector time out every later test's WebSocket in the suite (7 at once, in one CI run),
     * and a client per socket that was never shut down left hundreds of selector threads behind.
     */
    public static WsClient open(String url) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            WsClient c = open(url, client);
            c.own = client;
            return c;
        } catch (Exception | Error e) {
            client.shutdownNow();
            throw e;
        }
    }

    /** Over a client of the caller's (e.g. one that trusts a test certificate, for wss://). */
    public static WsClient open(String url, HttpClient client) throws Exception {
        WsClient c = new WsClient();
        c.ws = client.newWebSocketBuilder()
                .buildAsync(URI.create(url), c)
                .get(30, TimeUnit.SECONDS); // a liveness bound, generous for a loaded 2-core CI box
        return c;
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                queue.add(Json.MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                queue.add(Json.MAPPER
                        .createObjectNode()
                        .put("type", "unparseable")
                        .put("text", partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        queue.add(Json.MAPPER
                .createObjectNode()
                .put("type", "closed")
                .put("code", statusCode)
                .put("reason", reason));
        return null;
    }

    /** The next message of this type (skipping heartbeats and others), or an AssertionError. */
    public JsonNode next(String type, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode m = queue.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no '" + type + "' WebSocket message within " + seconds + " s");
            if (m.path("type").asText().equals(type)) return m;
        }
    }

    /** Null when nothing but heartbeats arrives within {@code millis}. */
    public JsonNode poll(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            JsonNode m = queue.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null || !m.path("type").asText().equals("heartbeat")) return m;
        }
    }

    @Override
    public void close() {
        ws.abort();
        if (own != null) own.shutdownNow();
    }
}
