package org.tryvoha.cap;

import java.io.IOException;
import org.tryvoha.zone.ZoneTree;

/**
 * The CAP parts one server shares between its event loops: settings, trusted certificates and the
 * writer (with its outline cache). Immutable after {@link #create}; thread-safe.
 */
public final class Cap {
    final CapSettings settings;
    final CapSignatures signatures;
    final CapWriter writer;

    private Cap(CapSettings settings, CapSignatures signatures, CapWriter writer) {
        this.settings = settings;
        this.signatures = signatures;
        this.writer = writer;
    }

    /** Loads the trusted certificates named by the settings; fails when the directory cannot be read. */
    public static Cap create(CapSettings settings, ZoneTree tree) throws IOException {
        return new Cap(settings, CapSignatures.load(settings.trustedCerts()), new CapWriter(tree, settings.sender()));
    }

    public CapSettings settings() {
        return settings;
    }

    public int trustedCertificates() {
        return signatures.trustedCount();
    }
}
