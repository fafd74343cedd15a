package org.tryvoha.cli;

import java.nio.file.Path;
import org.tryvoha.config.Config;
import org.tryvoha.server.App;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The store a command opens directly (like the server does): a picocli mixin for offline commands. */
final class StoreOptions {
    @Option(
            names = "--data-dir",
            description = "Where tryvoha.db lives (default ./data); env TRYVOHA_DATA_DIR",
            scope = ScopeType.INHERIT)
    Path dataDir;

    // keys live in the store the server uses, PostgreSQL included
    @Option(names = "--config", description = "Settings file; env TRYVOHA_CONFIG", scope = ScopeType.INHERIT)
    Path config;

    @Option(
            names = "--store",
            description = "sqlite|postgres (default sqlite); env TRYVOHA_STORE",
            scope = ScopeType.INHERIT)
    String store;

    @Option(names = "--postgres-url", description = "JDBC URL; env TRYVOHA_POSTGRES_URL", scope = ScopeType.INHERIT)
    String pgUrl;

    @Option(
            names = "--postgres-user",
            description = "Database user; env TRYVOHA_POSTGRES_USER",
            scope = ScopeType.INHERIT)
    String pgUser;

    @Option(
            names = "--postgres-password",
            description = "Prefer env TRYVOHA_POSTGRES_PASSWORD",
            scope = ScopeType.INHERIT)
    String pgPassword;

    Config config() {
        return Config.resolve(flags(), System.getenv());
    }

    AlertStore open() {
        Config.Flags flags = flags();
        Config.ClusterFlags cf =
                new Config.ClusterFlags(store, pgUrl, pgUser, pgPassword, null, null, null, null, null, null);
        return App.openStore(Config.resolve(flags, System.getenv()), Config.resolveCluster(flags, cf, System.getenv()));
    }

    private Config.Flags flags() {
        return new Config.Flags(config, null, null, dataDir, null, null, null, null, null, null);
    }
}
