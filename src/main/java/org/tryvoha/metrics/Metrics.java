package org.tryvoha.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.delivery.mqtt.MqttDelivery;
import org.tryvoha.stream.DeliveryReports;
import org.tryvoha.stream.Fanout;

/**
 * The node's Prometheus metrics (Micrometer), every one tagged with {@code node}:
 *
 * <ul>
 *   <li>{@code tryvoha_events_written_total}: events this node committed and published;
 *   <li>{@code tryvoha_events_delivered_total}: events this node applied and handed to its fan-out;
 *   <li>{@code tryvoha_bus_lag_seconds}: from an event's time (stamped by its writer just before the
 *       commit) to its arrival in this node's bus handler;
 *   <li>{@code tryvoha_delivery_lag_seconds}: from the event's time to its hand-off to this node's
 *       event loops (state applied, encoded once);
 *   <li>{@code tryvoha_subscribers{channel}}: connected SSE and WebSocket subscribers;
 *   <li>{@code tryvoha_push_sent_total{channel}}, {@code _failed_total}, {@code _retried_total},
 *       {@code _dropped_total} for {@code webpush}, {@code fcm}, {@code apns}, and {@code
 *       tryvoha_push_last_event_seconds{channel}}: commit → last push of the newest finished event;
 *   <li>{@code tryvoha_bus_applied_seq}, and with NATS {@code tryvoha_bus_store_fills_total},
 *       {@code tryvoha_bus_duplicates_dropped_total}, {@code tryvoha_bus_publish_failures_total},
 *       {@code tryvoha_bus_connected};
 *   <li>{@code tryvoha_mqtt_inbound_dropped_total{reason}} (oversized, malformed, unknown, failed),
 *       {@code tryvoha_mqtt_connects_total}, {@code tryvoha_mqtt_published_total},
 *       {@code tryvoha_mqtt_connected}.
 * </ul>
 *
 * Lags compare clocks of two nodes when the writer is another node: keep the clocks in sync (NTP).
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter written;
    final Counter delivered;
    final Timer busLag;
    final Timer deliveryLag;

    public Metrics(String nodeId) {
        registry.config().commonTags("node", nodeId);
        written = Counter.builder("tryvoha.events.written")
                .description("events committed and published by this node")
                .register(registry);
        delivered = Counter.builder("tryvoha.events.delivered")
                .description("events applied and handed to this node's fan-out")
                .register(registry);
        busLag = lagTimer("tryvoha.bus.lag", "from an event's commit time to its arrival on this node's bus");
        deliveryLag = lagTimer(
                "tryvoha.delivery.lag", "from an event's commit time to its hand-off to this node's event loops");
    }

    private Timer lagTimer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** The bus, counting what passes through it (events written, delivered, lags). */
    public EventBus meter(EventBus bus) {
        return new MeteredEventBus(bus, this);
    }

    public void bindFanout(Fanout fanout) {
        for (String channel : new String[] {"sse", "ws"}) {
            Gauge.builder("tryvoha.subscribers", fanout, f -> f.connected().getOrDefault(channel, 0L))
                    .description("connected subscribers")
                    .tag("channel", channel)
                    .register(registry);
        }
        bindPush(fanout.reports());
    }

    /** The push channels' counters: pushes sent, failed, retried, dropped, and the newest event's commit → last push. */
    private void bindPush(DeliveryReports reports) {
        for (String channel : new String[] {"webpush", "fcm", "apns"}) {
            for (String what : new String[] {"sent", "failed", "retried", "dropped"}) {
                FunctionCounter.builder("tryvoha.push." + what, reports, r -> r.total(channel, what))
                        .description("pushes " + what + " (retried: tries after the first)")
                        .tag("channel", channel)
                        .register(registry);
            }
            Gauge.builder("tryvoha.push.last.event.seconds", reports, r -> r.lastEventSeconds(channel))
                    .description("from the newest finished event's commit to its last push answered")
                    .tag("channel", channel)
                    .register(registry);
        }
    }

    public void bindNats(NatsEventBus bus) {
        Gauge.builder("tryvoha.bus.store.fills", bus, NatsEventBus::filledFromStore)
                .description("events read from the store because NATS had not brought them (yet)")
                .register(registry);
        Gauge.builder("tryvoha.bus.duplicates.dropped", bus, NatsEventBus::duplicatesDropped)
                .description("events that arrived again or late and were dropped")
                .register(registry);
        Gauge.builder("tryvoha.bus.publish.failures", bus, NatsEventBus::publishFailures)
                .description("failed attempts to publish to NATS")
                .register(registry);
        Gauge.builder("tryvoha.bus.connected", bus, b -> b.connected() ? 1 : 0)
                .description("1 while connected to NATS")
                .register(registry);
    }

    public void bindMqtt(MqttDelivery mqtt) {
        for (String reason : MqttDelivery.INBOUND_DROP_REASONS) {
            FunctionCounter.builder("tryvoha.mqtt.inbound.dropped", mqtt, m -> m.inboundDropped(reason))
                    .description("messages from devices (sirens) dropped: too large, unreadable, unknown, or failed")
                    .tag("reason", reason)
                    .register(registry);
        }
        FunctionCounter.builder("tryvoha.mqtt.connects", mqtt, MqttDelivery::connects)
                .description("connections made to the MQTT broker, the first one included")
                .register(registry);
        FunctionCounter.builder("tryvoha.mqtt.published", mqtt, MqttDelivery::published)
                .description("messages handed to the MQTT broker")
                .register(registry);
        Gauge.builder("tryvoha.mqtt.connected", mqtt, m -> m.connected() ? 1 : 0)
                .description("1 while connected to the MQTT broker")
                .register(registry);
    }

    public void bindAppliedSeq(LongSupplier applied) {
        Gauge.builder("tryvoha.bus.applied.seq", applied, s -> s.getAsLong())
                .description("the last event sequence this node applied")
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
