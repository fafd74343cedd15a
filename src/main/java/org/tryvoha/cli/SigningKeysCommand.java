package org.tryvoha.cli;

import java.time.Instant;
import org.tryvoha.signing.SigningKey;
import org.tryvoha.signing.SigningKeyStore;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;

@Command(
        name = "signing-keys",
        mixinStandardHelpOptions = true,
        description =
                "List and rotate the Ed25519 keys that sign events (works on the store directly; running servers pick a rotation up within signing-keys-refresh-seconds).")
final class SigningKeysCommand extends Printing {
    @picocli.CommandLine.Mixin
    StoreOptions storeOptions; // --data-dir, or the cluster's PostgreSQL

    private AlertStore open() {
        return storeOptions.open();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every key, newest first (never a private key).")
    int list() {
        try (AlertStore s = open()) {
            out().printf("%-26s %-28s %-28s %s%n", "KEY ID", "CREATED", "RETIRED", "PUBLIC KEY");
            for (SigningKey k : new SigningKeyStore(s.sql()).all()) {
                out().printf(
                                "%-26s %-28s %-28s %s%n",
                                k.keyId(),
                                k.createdAt(),
                                k.retiredAt() == null ? "- (signs)" : k.retiredAt(),
                                k.publicBase64());
            }
            return 0;
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = "Create a new signing key and retire the old one; old signatures stay verifiable.")
    int rotate() {
        try (AlertStore s = open()) {
            SigningKey k = new SigningKeyStore(s.sql()).rotate(Instant.now());
            out().println("now signing with " + k.keyId()
                    + "; earlier keys stay published at /.well-known/tryvoha-keys.json");
            return 0;
        }
    }
}
