package org.tryvoha.delivery.webpush;

import io.vertx.core.Vertx;
import java.time.Clock;
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
 * event's zones. Only a node that writes sends them (edge nodes would repeat them).
 */
public final class PushFeature implements Feature {
    private final WebPush push;
    private final ZoneTree tree;
    private final boolean sends;
    private final boolean trustForwardedFor;

    private PushFeature(WebPush push, ZoneTree tree, boolean sends, boolean trustForwardedFor) {
        this.push = push;
        this.tree = tree;
        this.sends = sends;
        this.trustForwardedFor = trustForwardedFor;
    }

    /** From the {@code push-*} settings; {@code sends} false on an edge node; what is sent is counted in {@code reports}. */
    public static PushFeature start(
            Vertx vertx, Config.Source settings, Sql sql, ZoneTree tree, boolean sends, DeliveryReports reports) {
        WebPush push = WebPush.start(
                vertx,
                new PushStore(sql),
                WebPushSettings.from(settings),
                Outbound.from(settings),
                Clock.systemUTC(),
                reports);
        // the subscription quota counts the same client address as the general rate limit
        boolean forwarded = SecuritySettings.from(settings).trustForwardedFor();
        return new PushFeature(push, tree, sends, forwarded);
    }

    @Override
    public void mount(Routes routes) {
        PushRoutes.mount(routes.router(), routes.vertx(), push, tree, routes.body(), trustForwardedFor);
    }

    /** Queues one push per subscription; never blocks for long. */
    @Override
    public void onEvent(EncodedEvent event) {
        if (sends) push.onEvent(event);
    }

    @Override
    public void close() {
        push.close();
    }
}
