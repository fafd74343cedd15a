package org.tryvoha.delivery.mqtt;

import static org.assertj.core.api.Assertions.fail;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Test helpers: the shared Mosquitto on 127.0.0.1:1883, unique topic prefixes, and a real MQTT
 * client (vertx-mqtt) that remembers every message and the latest payload per topic.
 */
final class Mqtt implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int SHARED_PORT = 1883;

    record Msg(String topic, String payload, boolean retained) {}

    final Vertx vertx = Vertx.vertx();
    final MqttClient client;
    final Map<String, String> latest = new ConcurrentHashMap<>();
    final List<Msg> all = new CopyOnWriteArrayList<>();

    private Mqtt(MqttClientOptions o) {
        client = MqttClient.create(vertx, o);
        client.publishHandler(m -> {
            String p = m.payload().toString(StandardCharsets.UTF_8);
            latest.put(m.topicName(), p);
            all.add(new Msg(m.topicName(), p, m.isRetain()));
        });
    }

    /** Fails (never skips) when the shared broker is down, saying how to start it. */
    static void requireSharedBroker() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, SHARED_PORT), 2000);
        } catch (IOException e) {
            fail("Mosquitto is not running on " + HOST + ":" + SHARED_PORT + " (" + e.getMessage()
                    + "). Start it with: mosquitto -d -c /etc/mosquitto/mosquitto.conf");
        }
    }

    static String uniquePrefix(String what) {
        return "test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Mqtt connect(int port) {
        return connect(port, new MqttClientOptions());
    }

    static Mqtt connect(int port, MqttClientOptions o) {
        if (o.getClientId() == null || o.getClientId().isEmpty())
            o.setClientId("probe-" + UUID.randomUUID().toString().substring(0, 8));
        // as the server does: the default limit (8,092 bytes) would cut this client off at the first larger message
        Mqtt m = new Mqtt(o.setCleanSession(true).setMaxMessageSize(MqttDelivery.PROTOCOL_MAX_MESSAGE));
        get(() -> m.client.connect(port, HOST).toCompletionStage().toCompletableFuture());
        return m;
    }

    Mqtt subscribe(String... filters) {
        Map<String, Integer> subs = new HashMap<>();
        for (String f : filters)
            subs.put(f, 0); // QoS 0: a burst of 1,633 retained states would overflow Mosquitto's QoS 1 queue (1,000)
        get(() -> client.subscribe(subs).toCompletionStage().toCompletableFuture());
        return this;
    }

    void publish(String topic, String payload, boolean retain) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    void publish(String topic, byte[] payload, boolean retain) {
        get(() -> client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain)
                .toCompletionStage()
                .toCompletableFuture());
    }

    /** Clears every retained message this client saw under the given prefixes (the shared broker persists them). */
    void clearRetained(String... prefixes) {
        settle();
        AtomicInteger acked = new AtomicInteger();
        client.publishCompletionHandler(id -> acked.incrementAndGet());
        int sent = 0;
        for (String t : latest.keySet()) {
            for (String p : prefixes) {
                if (!t.startsWith(p + "/")) continue;
                publish(t, "", true);
                int n = ++sent;
                if (n - acked.get() >= 8)
                    await("broker acknowledgements", Duration.ofSeconds(10), () -> n - acked.get() < 4);
            }
        }
        int total = sent;
        await("every clear acknowledged", Duration.ofSeconds(10), () -> acked.get() >= total);
    }

    /** Waits (at most 15 s) until no message has arrived for a second: a retained burst is over. */
    void settle() {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int seen = -1;
        while (all.size() != seen && System.nanoTime() < end) {
            seen = all.size();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    List<Msg> on(String topic) {
        List<Msg> out = new ArrayList<>();
        for (Msg m : all) if (m.topic().equals(topic)) out.add(m);
        return out;
    }

    /** Closes the TCP connection without an MQTT DISCONNECT, as a crash or a cut cable would. */
    void kill() {
        get(() -> vertx.close().toCompletionStage().toCompletableFuture());
    }

    @Override
    public void close() {
        try {
            if (client.isConnected())
                client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }

    static void await(String what, Duration timeout, BooleanSupplier cond) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static <T> T get(Supplier<CompletableFuture<T>> f) {
        try {
            return f.get().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("MQTT operation failed: " + e, e);
        }
    }
}
