package org.tryvoha.cli;

import java.time.Instant;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.OperatorKey;
import org.tryvoha.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke operator keys (works on the data directory directly).")
final class KeysCommand extends Printing {
    @Mixin
    StoreOptions where;

    private AlertStore open() {
        return where.open();
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key and print it on stdout (shown only once).")
    int create(@Option(names = "--name", required = true, description = "Who holds the key") String name) {
        try (AlertStore store = open()) {
            Keys.Created k = new Keys(store.sql()).create(name);
            err().println("created key " + k.key().id() + " for '" + name + "'; it is shown only now:");
            out().println(k.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    int list() {
        try (AlertStore store = open()) {
            out().printf("%-14s %-24s %-26s %s%n", "ID", "NAME", "CREATED", "REVOKED");
            for (OperatorKey k : new Keys(store.sql()).list()) {
                out().printf(
                                "%-14s %-24s %-26s %s%n",
                                k.id(), k.name(), k.createdAt(), k.revokedAt() == null ? "-" : k.revokedAt());
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key by id or name; it stops working at once.")
    int revoke(@Parameters(paramLabel = "ID_OR_NAME") String idOrName) {
        try (AlertStore store = open()) {
            if (new Keys(store.sql()).revoke(idOrName, Instant.now())) {
                out().println("revoked " + idOrName);
                return 0;
            }
            err().println("error: no valid key with id or name '" + idOrName + "' (see: tryvoha keys list)");
            return 1;
        }
    }
}
