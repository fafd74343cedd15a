package org.tryvoha.signing;

import java.nio.file.Path;
import org.tryvoha.config.Config;

/**
 * Event-signing settings.
 *
 * @param keyFile a PEM file with the Ed25519 private key ({@code -----BEGIN PRIVATE KEY-----},
 *     PKCS#8) every node signs with; null: a key generated on first start and kept in the store
 * @param refreshSeconds how often a node re-reads the store's keys, so a rotation reaches every node
 */
public record SigningSettings(Path keyFile, int refreshSeconds) {
    public static final int DEFAULT_REFRESH_SECONDS = 30;

    public static SigningSettings from(Config.Source s) {
        return new SigningSettings(
                s.path("signing-key-file", null),
                s.number("signing-keys-refresh-seconds", DEFAULT_REFRESH_SECONDS, 1, 86_400));
    }
}
