package org.tryvoha.auth;

import java.time.Instant;

/**
 * A named operator account as stored; the key is kept only as a slow hash.
 *
 * @param id public id, part of the key ({@code tvo_<id>_<secret>}), shown in lists and audit entries
 * @param keyHash see {@link PasswordHash}
 * @param createdBy the admin who created it
 * @param revokedAt null while the account is valid
 */
public record Operator(
        String id,
        String name,
        Role role,
        Scope scope,
        String keyHash,
        Instant createdAt,
        String createdBy,
        Instant revokedAt) {
    public boolean valid() {
        return revokedAt == null;
    }

    public Principal principal() {
        return new Principal(id, name, role, scope);
    }
}
