package org.tryvoha.delivery.webpush;

import java.security.KeyPair;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.tryvoha.store.Sql;

/**
 * The VAPID key pair and the push subscriptions, in the store's database (tables {@code push_vapid},
 * {@code push_subscriptions}; migration V4). Blocking (JDBC): call from a worker thread.
 */
public final class PushStore {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();

    private final Sql sql;

    public PushStore(Sql sql) {
        this.sql = sql;
    }

    /** The server's key pair: made and kept on the first call; every later call (and node) gets the same. */
    public KeyPair vapidKeys() {
        Vapid.Stored fresh = Vapid.Stored.of(PushCrypto.newKeyPair());
        return sql.write("VAPID keys", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO push_vapid (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                p.setString(1, fresh.publicKey());
                p.setString(2, fresh.privateKey());
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            try (PreparedStatement p =
                            c.prepareStatement("SELECT public_key, private_key FROM push_vapid WHERE id = 1");
                    ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Vapid.Stored(rs.getString(1), rs.getString(2)).keyPair();
            }
        });
    }

    /** Adds or replaces (same endpoint) a subscription. */
    public void save(PushSubscription s) {
        sql.write("save push subscription", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO push_subscriptions (endpoint, p256dh, auth, zones, drills, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, "
                            + "zones = excluded.zones, drills = excluded.drills")) {
                p.setString(1, s.endpoint());
                p.setString(2, B64.encodeToString(s.p256dh()));
                p.setString(3, B64.encodeToString(s.auth()));
                p.setString(4, String.join(",", s.zones()));
                p.setInt(5, s.drills() ? 1 : 0);
                p.setString(6, s.createdAt().toString());
                return p.executeUpdate();
            }
        });
    }

    /** Removes a subscription; false when there was none. */
    public boolean delete(String endpoint) {
        return sql.write("remove push subscription", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM push_subscriptions WHERE endpoint = ?")) {
                p.setString(1, endpoint);
                return p.executeUpdate() == 1;
            }
        });
    }

    public List<PushSubscription> all() {
        return sql.read("list push subscriptions", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM push_subscriptions");
                    ResultSet rs = p.executeQuery()) {
                List<PushSubscription> out = new ArrayList<>();
                while (rs.next()) out.add(row(rs));
                return out;
            }
        });
    }

    /** The subscription of {@code endpoint}, if the store has it. */
    public Optional<PushSubscription> get(String endpoint) {
        return sql.read("read push subscription", c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM push_subscriptions WHERE endpoint = ?")) {
                p.setString(1, endpoint);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<PushSubscription>empty();
                }
            }
        });
    }

    private static final String COLUMNS = "endpoint, p256dh, auth, zones, drills, created_at";

    private static PushSubscription row(ResultSet rs) throws SQLException {
        return new PushSubscription(
                rs.getString(1),
                D64.decode(rs.getString(2)),
                D64.decode(rs.getString(3)),
                Arrays.asList(rs.getString(4).split(",")),
                rs.getInt(5) == 1,
                Instant.parse(rs.getString(6)));
    }
}
