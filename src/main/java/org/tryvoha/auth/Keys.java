package org.tryvoha.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tryvoha.store.Sql;

/**
 * Operator keys: 256 random bits shown once at creation; the store keeps only their SHA-256 (a slow
 * hash adds nothing for secrets of this entropy). They live in the operator_keys table of the store's
 * database, beside the operator accounts. Blocking: call from a worker thread.
 */
public final class Keys {
    public static final String PREFIX = "tvk_";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore store;

    public Keys(Sql sql) {
        this.store = new KeyStore(sql);
    }

    /** A new key and its secret, which is not kept anywhere and cannot be shown again. */
    public record Created(OperatorKey key, String secret) {}

    public Created create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name is 1-64 letters, digits or . _ @ -, got '" + name + "'");
        }
        if (store.all().stream().anyMatch(k -> k.name().equals(name))) {
            throw new IllegalArgumentException(
                    "a key named '" + name + "' exists already; revoke it or choose another name");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        OperatorKey key = new OperatorKey(
                HexFormat.of().formatHex(id), name, hash(secret), Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        store.save(key);
        return new Created(key, secret);
    }

    /** Creates the first admin key when the store has none (first start). */
    public Optional<Created> ensureAdmin() {
        return store.all().isEmpty() ? Optional.of(create("admin")) : Optional.empty();
    }

    /** The valid key with this secret, if any. */
    public Optional<OperatorKey> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) return Optional.empty();
        return store.byHash(hash(secret)).filter(OperatorKey::valid);
    }

    /** Every key, revoked ones included, oldest first. */
    public List<OperatorKey> list() {
        return store.all();
    }

    /** Revokes the key with this id or name; false when there is none or it is already revoked. */
    public boolean revoke(String idOrName, Instant at) {
        return store.revoke(idOrName, at);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
