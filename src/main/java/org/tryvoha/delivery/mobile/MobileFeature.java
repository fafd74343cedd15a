package org.tryvoha.delivery.mobile;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.webpush.WebPushSettings;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.security.SecuritySettings;
import org.tryvoha.store.Sql;
import org.tryvoha.stream.DeliveryReports;
import org.tryvoha.zone.ZoneTree;

/**
 * Mobile push (FCM, APNs): {@code /api/v1/devices} to register, and the pushes of each event. Only a
 * node that writes sends them (edge nodes would repeat them).
 */
public final class MobileFeature implements Feature {
    private final MobilePush push;
    private final ZoneTree tree;
    private final boolean sends;
    private final boolean trustForwardedFor;

    private MobileFeature(MobilePush push, ZoneTree tree, boolean sends, boolean trustForwardedFor) {
        this.push = push;
        this.tree = tree;
        this.sends = sends;
        this.trustForwardedFor = trustForwardedFor;
    }

    /** From the {@code fcm-*}, {@code apns-*} and {@code mobile-*} settings (the TTL is {@code push-ttl-seconds}). */
    public static MobileFeature start(
            Vertx vertx, Config.Source settings, Sql sql, ZoneTree tree, boolean sends, DeliveryReports reports) {
        MobilePush push = MobilePush.start(
                vertx,
                MobileSettings.from(settings),
                new DeviceStore(sql),
                reports,
                Clock.systemUTC(),
                WebPushSettings.from(settings).ttlSeconds());
        return new MobileFeature(
                push, tree, sends, SecuritySettings.from(settings).trustForwardedFor());
    }

    @Override
    public void mount(Routes routes) {
        MobileRoutes.mount(routes.router(), routes.vertx(), push, tree, routes.body(), trustForwardedFor);
    }

    @Override
    public void onEvent(EncodedEvent event) {
        if (sends) push.onEvent(event);
    }

    @Override
    public void close() {
        push.close();
    }
}
