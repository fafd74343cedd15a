package org.tryvoha.history;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.tryvoha.config.Config;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.store.Sql;
import org.tryvoha.zone.ZoneTree;

/** History statistics: {@code /api/v1/stats/*} and the {@code /stats} page. */
public final class StatsFeature implements Feature {
    private final Statistics stats;

    private StatsFeature(Statistics stats) {
        this.stats = stats;
    }

    /** Builds the history index on a worker, so the first query does not wait for it. */
    public static StatsFeature start(Vertx vertx, Config.Source settings, Sql sql, ZoneTree tree) {
        Statistics stats = new Statistics(
                tree,
                new HistoryStore(sql),
                Clock.systemUTC(),
                StatsSettings.from(settings).maxBuckets());
        vertx.executeBlocking(stats::warm, false);
        return new StatsFeature(stats);
    }

    @Override
    public void mount(Routes routes) {
        StatsRoutes.mount(routes.router(), routes.vertx(), stats);
    }
}
