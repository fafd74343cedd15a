package org.tryvoha.delivery.webhook;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.tryvoha.auth.Operators;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.Outbound;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.store.Sql;
import org.tryvoha.zone.ZoneTree;

/**
 * Signed webhooks: {@code /api/v1/webhooks} to manage them, and one queued, retried POST per hook
 * for each event in its zones. Only a node that writes sends them (edge nodes would repeat them).
 */
public final class WebhookFeature implements Feature {
    private final Webhooks hooks;
    private final Operators operators;
    private final ZoneTree tree;
    private final boolean sends;

    private WebhookFeature(Webhooks hooks, Operators operators, ZoneTree tree, boolean sends) {
        this.hooks = hooks;
        this.operators = operators;
        this.tree = tree;
        this.sends = sends;
    }

    /** From the {@code webhook-*} settings; {@code sends} false on an edge node. */
    public static WebhookFeature start(
            Vertx vertx, Config.Source settings, Sql sql, Operators operators, ZoneTree tree, boolean sends) {
        WebhookSettings s = WebhookSettings.from(settings);
        Webhooks hooks = Webhooks.start(
                vertx, new WebhookStore(sql, s.logKeep()), s, Outbound.from(settings), Clock.systemUTC());
        return new WebhookFeature(hooks, operators, tree, sends);
    }

    @Override
    public void mount(Routes routes) {
        WebhookRoutes.mount(routes.router(), routes.vertx(), hooks, operators, tree, routes.body());
    }

    /** Queues per hook; never blocks. */
    @Override
    public void onEvent(EncodedEvent event) {
        if (sends) hooks.onEvent(event);
    }

    /** Stops retrying before Vert.x closes. */
    @Override
    public void close() {
        hooks.close();
    }
}
