package org.tryvoha.auth;

import java.time.Instant;

/**
 * An operator's API key as stored: only the hash of the secret is kept.
 *
 * @param id short public identifier, shown in lists and audit entries
 * @param name who holds it (unique among keys)
 * @param hash hex SHA-256 of the secret key
 * @param revokedAt null while the key is valid
 */
public record OperatorKey(String id, String name, String hash, Instant createdAt, Instant revokedAt) {
    public boolean valid() {
        return revokedAt == null;
    }
}
