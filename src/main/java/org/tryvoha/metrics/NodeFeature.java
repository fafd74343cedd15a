package org.tryvoha.metrics;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.mqtt.MqttDelivery;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.store.AlertStore;
import org.tryvoha.stream.Fanout;

/**
 * The node itself: its Prometheus metrics (events written and delivered, the fan-out, NATS), its
 * readiness checks, and the routes that show them ({@code /api/v1/ready}, {@code /metrics}), refuse
 * writes on an edge node and name an unreachable store.
 */
public final class NodeFeature implements Feature {
    private final Config.Cluster cluster;
    private final AlertStore store;
    private final EventBus bus;
    private final Metrics metrics;

    /** @param bus the bus as opened, before {@link #meter} */
    public NodeFeature(Config.Cluster cluster, AlertStore store, EventBus bus) {
        this.cluster = cluster;
        this.store = store;
        this.bus = bus;
        this.metrics = new Metrics(cluster.nodeId());
        if (bus instanceof NatsEventBus nats) metrics.bindNats(nats);
    }

    /** The bus, counting what this node publishes and receives. */
    public EventBus meter() {
        return metrics.meter(bus);
    }

    /** Counts what the MQTT delivery publishes and what it drops from devices. */
    public void bindMqtt(MqttDelivery mqtt) {
        metrics.bindMqtt(mqtt);
    }

    /** Starts answering readiness and metrics for this Vert.x, with the fan-out's and the zone state's figures. */
    public void register(Vertx vertx, Fanout fanout, LongSupplier appliedSeq) {
        metrics.bindFanout(fanout);
        metrics.bindAppliedSeq(appliedSeq);
        new Node(cluster, metrics, Node.checks(store, bus)).register(vertx);
    }

    /** Where this node keeps its log and hears of events, for the start-up line (no password). */
    public static String describe(Config.Cluster cluster) {
        return Node.describe(cluster);
    }

    @Override
    public void mount(Routes routes) {
        NodeRoutes.mount(routes.router(), routes.vertx());
    }
}
