package org.tryvoha.delivery.mqtt;

import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door for messages from devices (the sirens' topics): whatever arrives, the connection stays.
 * A message larger than the limit is dropped unread; one that is not UTF-8 or not a heartbeat, status
 * or ack the fleet can read, or that names no registered siren, is dropped; so is one whose handling
 * throws. Each drop is counted by reason ({@link #REASONS}) and logged at most once a minute per
 * reason at WARN (the rest at DEBUG), so a misbehaving device can flood neither the link nor the log.
 *
 * <p>{@link #accept} runs on the MQTT client's context (one thread at a time); the counters may be
 * read from any thread.
 */
final class InboundGuard {
    private static final Logger log = LoggerFactory.getLogger(InboundGuard.class);
    /** Why a message from a device was dropped: the label of {@code tryvoha_mqtt_inbound_dropped_total}. */
    static final List<String> REASONS = List.of("oversized", "malformed", "unknown", "failed");

    private final SirenFleet fleet;
    private final int maxBytes;
    private final Map<String, AtomicLong> dropped = new LinkedHashMap<>();
    private final Map<String, Long> lastWarned = new HashMap<>(); // reason → nanoTime

    InboundGuard(SirenFleet fleet, int maxBytes) {
        this.fleet = fleet;
        this.maxBytes = maxBytes;
        for (String r : REASONS) dropped.put(r, new AtomicLong());
    }

    /** Hands the message to the fleet, or drops and counts it; never throws. */
    void accept(String topic, Buffer payload) {
        if (payload.length() > maxBytes) {
            drop("oversized", topic, payload.length() + " bytes, more than mqtt-max-inbound-bytes " + maxBytes);
            return;
        }
        try {
            switch (fleet.onMessage(topic, payload.getBytes())) {
                case MALFORMED -> drop("malformed", topic, "not UTF-8, or not a status or ack the server can read");
                case UNKNOWN -> drop("unknown", topic, "no such siren in the registry, or an unknown kind of message");
                case ACCEPTED -> {}
            }
        } catch (RuntimeException e) {
            drop("failed", topic, e.toString());
        }
    }

    long dropped(String reason) {
        return dropped.get(reason).get();
    }

    /** Drops by reason, for the API. */
    Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        dropped.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void drop(String reason, String topic, String why) {
        dropped.get(reason).incrementAndGet();
        long now = System.nanoTime();
        Long last = lastWarned.get(reason);
        if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
            lastWarned.put(reason, now);
            log.warn("MQTT: dropped a message on {} ({}): {}", topic, reason, why);
        } else {
            log.debug("MQTT: dropped a message on {} ({}): {}", topic, reason, why);
        }
    }
}
