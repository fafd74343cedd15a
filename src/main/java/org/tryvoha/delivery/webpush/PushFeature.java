package org.tryvoha.delivery.webpush;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.bus.nats.NatsWorkQueue;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.security.SecuritySettings;
import org.tryvoha.store.Sql;
import org.tryvoha.stream.DeliveryReports;
import org.tryvoha.zone.ZoneTree;

/**
 * Web Push: {@code /api/v1/push} to subscribe, and one encrypted push per subscription in an
 * event's zones. On one node (no NATS) only a node that writes sends them; in a cluster with NATS
 * every node takes a share of each event's pushes ({@link PushShares}).
 */
public final class PushFeature implements Feature {
    private final WebPush push;
    private final PushShares shares;
    private final ZoneTree tree;
    private final boolean sends;
    private final boolean trustForwardedFor;

    private PushFeature(WebPush push, PushShares shares, ZoneTree tree, boolean sends, boolean trustForwardedFor) {
        this.push = push;
        this.shares = shares;
        this.tree = tree;
        this.sends = sends;
        this.trustForwardedFor = trustForwardedFor;
    }

    /**
     * From the {@code push-*} settings; what is sent is counted in {@code reports}.
     *
     * @param writes false on an edge node, which sends nothing unless the pushes are shared
     * @param cluster where the nodes share the pushes (NATS), or null on a single node: then only a
     *     writing node sends (edge nodes would repeat them)
     */
    public static PushFeature start(
            Vertx vertx,
            Config.Source settings,
            Sql sql,
            ZoneTree tree,
            boolean writes,
            DeliveryReports reports,
            NatsEventBus.Settings cluster) {
        WebPushSettings s = WebPushSettings.from(settings);
        WebPush push = WebPush.start(vertx, new PushStore(sql), s, Outbound.from(settings), Clock.systemUTC(), reports);
        PushShares shares = null;
        if (cluster != null) {
            NatsWorkQueue queue = NatsWorkQueue.open(new NatsWorkQueue.Settings(
                    cluster.url(),
                    cluster.stream(),
                    cluster.nodeId(),
                    Duration.ofSeconds(s.shareAckWaitSeconds()),
                    SHARES_IN_FLIGHT));
            push.shared = true;
            shares = new PushShares(vertx, push, queue, s, writes, reports);
        }
        // the subscription quota counts the same client address as the general rate limit
        boolean forwarded = SecuritySettings.from(settings).trustForwardedFor();
        return new PushFeature(push, shares, tree, writes, forwarded);
    }

    /**
     * Shares one node pushes at once: enough to keep its lanes busy between shares, few enough that
     * the other nodes get theirs.
     */
    static final int SHARES_IN_FLIGHT = 4;

    @Override
    public void mount(Routes routes) {
        PushRoutes.mount(routes.router(), routes.vertx(), push, tree, routes.body(), trustForwardedFor);
    }

    /** Queues one push per subscription; never blocks for long. */
    @Override
    public void onEvent(EncodedEvent event) {
        if (shares != null) shares.onEvent(event);
        else if (sends) push.onEvent(event);
    }

    @Override
    public void close() {
        if (shares != null) shares.close(); // the shares in hand go to another node at once
        push.close();
    }
}
