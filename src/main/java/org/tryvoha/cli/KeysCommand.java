package org.tryvoha.cli;

import java.nio.file.Path;
import java.time.Instant;
import org.tryvoha.App;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.config.Config;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke operator keys (works on the data directory directly).")
final class KeysCommand extends Printing {
  @Option(names = "--data-dir", description = "Where tryvoha.db lives (default ./data); env TRYVOHA_DATA_DIR", scope = picocli.CommandLine.ScopeType.INHERIT)
  Path dataDir;

  // issue 6: keys live in the store the server uses, PostgreSQL included
  @Option(names = "--config", description = "Settings file; env TRYVOHA_CONFIG", scope = picocli.CommandLine.ScopeType.INHERIT) Path config;
  @Option(names = "--store", description = "sqlite|postgres (default sqlite); env TRYVOHA_STORE", scope = picocli.CommandLine.ScopeType.INHERIT) String store;
  @Option(names = "--postgres-url", description = "JDBC URL; env TRYVOHA_POSTGRES_URL", scope = picocli.CommandLine.ScopeType.INHERIT) String pgUrl;
  @Option(names = "--postgres-user", description = "Database user; env TRYVOHA_POSTGRES_USER", scope = picocli.CommandLine.ScopeType.INHERIT) String pgUser;
  @Option(names = "--postgres-password", description = "Prefer env TRYVOHA_POSTGRES_PASSWORD", scope = picocli.CommandLine.ScopeType.INHERIT) String pgPassword;

  private AlertStore open() {
    Config.Flags flags = new Config.Flags(config, null, null, dataDir, null, null, null, null, null, null);
    Config.ClusterFlags cf = new Config.ClusterFlags(store, pgUrl, pgUser, pgPassword, null, null, null, null, null, null);
    return App.openStore(Config.resolve(flags, System.getenv()), Config.resolveCluster(flags, cf, System.getenv()));
  }

  @Command(name = "create", description = "Create a key and print it on stdout (shown only once).")
  int create(@Option(names = "--name", required = true, description = "Who holds the key") String name) {
    try (AlertStore store = open()) {
      Keys.Created k = new Keys(store).create(name);
      err().println("created key " + k.key().id() + " for '" + name + "'; it is shown only now:");
      out().println(k.secret());
      return 0;
    }
  }

  @Command(name = "list", description = "List keys (never their secrets).")
  int list() {
    try (AlertStore store = open()) {
      out().printf("%-14s %-24s %-26s %s%n", "ID", "NAME", "CREATED", "REVOKED");
      for (OperatorKey k : store.keys()) {
        out().printf("%-14s %-24s %-26s %s%n", k.id(), k.name(), k.createdAt(), k.revokedAt() == null ? "-" : k.revokedAt());
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a key by id or name; it stops working at once.")
  int revoke(@Parameters(paramLabel = "ID_OR_NAME") String idOrName) {
    try (AlertStore store = open()) {
      if (store.revokeKey(idOrName, Instant.now())) {
        out().println("revoked " + idOrName);
        return 0;
      }
      err().println("error: no valid key with id or name '" + idOrName + "' (see: tryvoha keys list)");
      return 1;
    }
  }
}
