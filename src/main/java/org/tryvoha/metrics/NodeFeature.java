package org.tryvoha.metrics;

import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;

/**
 * The node's own routes (readiness, Prometheus metrics, the refusal of writes on an edge node, a
 * 503 naming an unreachable store), for the {@link Node} registered with this Vert.x.
 */
public final class NodeFeature implements Feature {
    @Override
    public void mount(Routes routes) {
        NodeRoutes.mount(routes.router(), routes.vertx());
    }
}
