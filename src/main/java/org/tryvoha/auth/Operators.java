package org.tryvoha.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.store.Sql;
import org.tryvoha.zone.ZoneTree;

/**
 * Named operator accounts and the one way every operator request is authenticated.
 *
 * <p>An operator key is {@code tvo_<id>_<secret>}: the public id finds the account with one indexed
 * read, then the whole key is checked against its PBKDF2 hash. A successful check is remembered in
 * memory until it has not been used for {@code cacheSeconds} (by a SHA-256 fingerprint of the key,
 * together with the stored hash it matched), so a warning does not wait for the slow hash (the
 * console's login, {@code whoami}, pays it once); the account row is still read on
 * every request, so a revocation or a change of role or scope takes effect at once on every node.
 * Keys from {@code tryvoha keys} ({@code tvk_}) keep working as admins for the whole country.
 *
 * <p>A key not in that memory reaches the slow hash only through {@link KeyChecks}: budgets of wrong
 * keys per operator id and per client address, and a small pool of its own, so a flood of wrong keys
 * for a known id costs a bounded number of hashes and never holds up a request whose key is remembered.
 *
 * <p>Thread-safe. Blocking (JDBC, PBKDF2): call from a worker thread.
 */
public final class Operators {
    public static final String PREFIX = "tvo_";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,64}");
    private static final Pattern KEY = Pattern.compile("tvo_([0-9a-f]{12})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHE_MAX = 10_000;

    private final OperatorStore store;
    private final Keys keys;
    private final Clock clock;
    private final int iterations;
    private final long cacheMillis;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final KeyChecks checks;
    private final boolean trustForwardedFor;

    private record Verified(String keyHash, long until) {}

    /** A new account and its key, which is kept nowhere and cannot be shown again. */
    public record Created(Operator operator, String key) {}

    public Operators(Sql sql, ZoneTree tree, Keys keys, Clock clock, int iterations, int cacheSeconds) {
        this(sql, tree, keys, clock, iterations, cacheSeconds, AuthSettings.KeyCheck.defaults());
    }

    public Operators(
            Sql sql,
            ZoneTree tree,
            Keys keys,
            Clock clock,
            int iterations,
            int cacheSeconds,
            AuthSettings.KeyCheck keyCheck) {
        this.checks = new KeyChecks(keyCheck);
        this.trustForwardedFor = keyCheck.trustForwardedFor();
        this.store = new OperatorStore(sql, tree);
        this.keys = keys;
        this.clock = clock;
        this.iterations = iterations;
        this.cacheMillis = cacheSeconds * 1000L;
    }

    public Created create(String name, Role role, Scope scope, String createdBy) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProblemException(ErrorCode.INVALID, "name: 1-64 letters, digits or . _ @ -, got '" + name + "'");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String hexId = HexFormat.of().formatHex(id);
        String key =
                PREFIX + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Operator o = new Operator(
                hexId,
                name,
                role,
                scope,
                PasswordHash.hash(key, iterations),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                createdBy,
                null);
        if (!store.insert(o))
            throw new ProblemException(
                    ErrorCode.CONFLICT, "an operator named '" + name + "' exists already; choose another name");
        return new Created(o, key);
    }

    public List<Operator> list() {
        return store.all();
    }

    /** The operator with this id or name; 404 otherwise. */
    public Operator get(String idOrName) {
        return store.find(idOrName)
                .orElseThrow(() ->
                        new ProblemException(ErrorCode.NOT_FOUND, "no operator with id or name '" + idOrName + "'"));
    }

    /** New role and/or scope (null: keep); 409 when revoked. */
    public Operator change(String idOrName, Role role, Scope scope) {
        Operator o = get(idOrName);
        Role r = role != null ? role : o.role();
        Scope s = scope != null ? scope : o.scope();
        if (!store.change(o.id(), r, s))
            throw new ProblemException(ErrorCode.CONFLICT, "operator '" + o.name() + "' is revoked");
        return get(o.id());
    }

    /** Revokes at once; false when already revoked. */
    public boolean revoke(String idOrName) {
        Operator o = get(idOrName);
        verified.values().removeIf(v -> v.keyHash().equals(o.keyHash()));
        return store.revoke(o.id(), clock.instant());
    }

    /**
     * The caller holding this key; empty when it is unknown, wrong or revoked. For callers without a
     * client address (NATS): only the operator id's budget of wrong keys applies.
     *
     * @throws ProblemException 429 or 503 when the key could not be checked now (see {@link KeyChecks})
     */
    public Optional<Principal> authenticate(String secret) {
        try {
            return authenticate(secret, null);
        } catch (KeyChecks.Refused r) {
            throw r.problem();
        }
    }

    /**
     * As {@link #authenticate(String)}, with the budget of wrong keys of the client {@code address}
     * too (null: none).
     *
     * @throws KeyChecks.Refused when a budget is spent or too many checks wait for the slow hash
     */
    Optional<Principal> authenticate(String secret, String address) {
        if (secret == null) return Optional.empty();
        if (secret.startsWith(Keys.PREFIX)) {
            return keys.authenticate(secret).map(k -> new Principal(k.id(), k.name(), Role.ADMIN, Scope.EVERYTHING));
        }
        var m = KEY.matcher(secret);
        if (!m.matches()) return Optional.empty();
        Optional<Operator> o = store.byId(m.group(1)).filter(Operator::valid);
        if (o.isEmpty() || !check(secret, o.get().id(), address, o.get().keyHash())) return Optional.empty();
        return o.map(Operator::principal);
    }

    /** The public id a key claims (never the secret), for audit entries of refused requests. */
    public static String claimedId(String secret) {
        if (secret == null) return "";
        var m = KEY.matcher(secret);
        return m.matches() ? m.group(1) : secret.startsWith(Keys.PREFIX) ? "tvk" : "";
    }

    /** The client's address for the wrong-key budget: the peer, or the first X-Forwarded-For entry when trusted. */
    String clientAddress(String peer, String forwardedFor) {
        if (trustForwardedFor && forwardedFor != null && !forwardedFor.isBlank())
            return forwardedFor.split(",")[0].strip();
        return peer == null ? "unknown" : peer;
    }

    private boolean check(String secret, String id, String address, String keyHash) {
        String fp = PasswordHash.fingerprint(secret);
        long now = System.currentTimeMillis();
        Verified v = verified.get(fp);
        if (v != null && v.until() > now && v.keyHash().equals(keyHash)) {
            verified.put(fp, new Verified(keyHash, now + cacheMillis)); // sliding: a key in use stays fast
            return true;
        }
        if (!checks.verify(id, address, secret, keyHash)) return false;
        if (verified.size() >= CACHE_MAX) verified.clear();
        verified.put(fp, new Verified(keyHash, now + cacheMillis));
        return true;
    }

    public int iterations() {
        return iterations;
    }
}
