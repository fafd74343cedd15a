package org.tryvoha.signing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.tryvoha.store.Sql;

/**
 * The event-signing keys in the store (table {@code signing_keys}, migration V5), shared by every
 * node of a cluster. The newest key that is not retired and has a private key signs; every key
 * stays listed (and published) after it is retired. Blocking (JDBC): never on an event loop.
 */
public final class SigningKeyStore {
    private static final String COLUMNS = "key_id, public_key, private_key, created_at, retired_at";
    private final Sql sql;

    public SigningKeyStore(Sql sql) {
        this.sql = sql;
    }

    /** Every key, newest first. */
    public List<SigningKey> all() {
        return sql.read("signing keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at DESC, key_id DESC");
                    ResultSet rs = ps.executeQuery()) {
                List<SigningKey> out = new ArrayList<>();
                while (rs.next()) out.add(row(rs));
                return out;
            }
        });
    }

    /** The key to sign with: the newest active one, created now when there is none (first start). */
    public SigningKey currentOrCreate(Instant now) {
        return sql.write("signing key", c -> {
            SigningKey k = current(c);
            if (k != null) return k;
            SigningKey fresh = SigningKey.generate(now);
            insert(c, fresh);
            return fresh;
        });
    }

    /** A new signing key; every older active key is retired (and stays published). */
    public SigningKey rotate(Instant now) {
        SigningKey fresh = SigningKey.generate(now);
        return adopt(fresh, now);
    }

    /** Makes {@code key} (e.g. from a PEM file) the active key; its private half is stored only if {@code storePrivate}. */
    public SigningKey adopt(SigningKey key, Instant now) {
        return sql.write("signing key rotation", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL AND key_id <> ?")) {
                ps.setString(1, now.toString());
                ps.setString(2, key.keyId());
                ps.executeUpdate();
            }
            boolean known;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM signing_keys WHERE key_id = ?")) {
                ps.setString(1, key.keyId());
                try (ResultSet rs = ps.executeQuery()) {
                    known = rs.next();
                }
            }
            if (!known) insert(c, key);
            return key;
        });
    }

    /** Adds a key whose private half lives in a file: published, never stored. */
    public SigningKey adoptExternal(SigningKey key, Instant now) {
        return adopt(new SigningKey(key.keyId(), key.rawPublic(), null, now, null), now);
    }

    private static SigningKey current(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS
                                + " FROM signing_keys WHERE retired_at IS NULL AND private_key IS NOT NULL ORDER BY created_at DESC, key_id DESC");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? row(rs) : null;
        }
    }

    private static void insert(Connection c, SigningKey k) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, k.keyId());
            ps.setString(2, k.publicBase64());
            ps.setString(
                    3,
                    k.privateKey() == null
                            ? null
                            : Base64.getEncoder().encodeToString(k.privateKey().getEncoded()));
            ps.setString(4, k.createdAt().toString());
            ps.setString(5, k.retiredAt() == null ? null : k.retiredAt().toString());
            ps.executeUpdate();
        }
    }

    private static SigningKey row(ResultSet rs) throws SQLException {
        String priv = rs.getString(3);
        Instant created = Instant.parse(rs.getString(4));
        Instant retired = rs.getString(5) == null ? null : Instant.parse(rs.getString(5));
        if (priv != null) return SigningKey.fromPrivate(Base64.getDecoder().decode(priv), created, retired);
        byte[] pub = Base64.getUrlDecoder().decode(rs.getString(2));
        return new SigningKey(rs.getString(1), pub, null, created, retired);
    }
}
