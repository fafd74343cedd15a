package org.tryvoha.cli;

import java.nio.file.Path;
import java.time.Instant;
import org.tryvoha.App;
import org.tryvoha.config.Config;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.signing.SigningKeyStore;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "signing-keys", mixinStandardHelpOptions = true,
    description = "List and rotate the Ed25519 keys that sign events (works on the store directly; running servers pick a rotation up within signing-keys-refresh-seconds).")
final class SigningKeysCommand extends Printing {
  @Option(names = "--data-dir", description = "Where tryvoha.db lives (default ./data); env TRYVOHA_DATA_DIR", scope = picocli.CommandLine.ScopeType.INHERIT)
  Path dataDir;
  @Option(names = "--config", description = "Settings file; env TRYVOHA_CONFIG", scope = picocli.CommandLine.ScopeType.INHERIT) Path config;
  @Option(names = "--store", description = "sqlite|postgres (default sqlite); env TRYVOHA_STORE", scope = picocli.CommandLine.ScopeType.INHERIT) String store;
  @Option(names = "--postgres-url", description = "JDBC URL; env TRYVOHA_POSTGRES_URL", scope = picocli.CommandLine.ScopeType.INHERIT) String pgUrl;
  @Option(names = "--postgres-user", description = "Database user; env TRYVOHA_POSTGRES_USER", scope = picocli.CommandLine.ScopeType.INHERIT) String pgUser;

  private AlertStore open() {
    Config.Flags flags = new Config.Flags(config, null, null, dataDir, null, null, null, null, null, null);
    Config.ClusterFlags cf = new Config.ClusterFlags(store, pgUrl, pgUser, null, null, null, null, null, null, null);
    return App.openStore(Config.resolve(flags, System.getenv()), Config.resolveCluster(flags, cf, System.getenv()));
  }

  @Command(name = "list", description = "Every key, newest first (never a private key).")
  int list() {
    try (AlertStore s = open()) {
      out().printf("%-26s %-28s %-28s %s%n", "KEY ID", "CREATED", "RETIRED", "PUBLIC KEY");
      for (SigningKey k : new SigningKeyStore(s.sql()).all()) {
        out().printf("%-26s %-28s %-28s %s%n", k.keyId(), k.createdAt(), k.retiredAt() == null ? "- (signs)" : k.retiredAt(), k.publicBase64());
      }
      return 0;
    }
  }

  @Command(name = "rotate", description = "Create a new signing key and retire the old one; old signatures stay verifiable.")
  int rotate() {
    try (AlertStore s = open()) {
      SigningKey k = new SigningKeyStore(s.sql()).rotate(Instant.now());
      out().println("now signing with " + k.keyId() + "; earlier keys stay published at /.well-known/tryvoha-keys.json");
      return 0;
    }
  }
}
