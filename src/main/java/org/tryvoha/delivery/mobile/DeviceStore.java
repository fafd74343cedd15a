package org.tryvoha.delivery.mobile;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tryvoha.store.Sql;

/** The device registrations in the store's database (table {@code push_devices}, migration V9). Blocking (JDBC). */
public final class DeviceStore {
    private final Sql sql;

    public DeviceStore(Sql sql) {
        this.sql = sql;
    }

    /** Adds or replaces (same platform and token) a registration. */
    public void save(Device d) {
        sql.write("save device", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO push_devices (platform, token, zones, drills, created_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (platform, token) DO UPDATE SET zones = excluded.zones, drills = excluded.drills")) {
                p.setString(1, d.platform());
                p.setString(2, d.token());
                p.setString(3, String.join(",", d.zones()));
                p.setInt(4, d.drills() ? 1 : 0);
                p.setString(5, d.createdAt().toString());
                return p.executeUpdate();
            }
        });
    }

    /** Removes a registration; false when there was none. */
    public boolean delete(String platform, String token) {
        return sql.write("remove device", c -> {
            try (PreparedStatement p =
                    c.prepareStatement("DELETE FROM push_devices WHERE platform = ? AND token = ?")) {
                p.setString(1, platform);
                p.setString(2, token);
                return p.executeUpdate() == 1;
            }
        });
    }

    public List<Device> all() {
        return sql.read("list devices", c -> {
            try (PreparedStatement p =
                            c.prepareStatement("SELECT platform, token, zones, drills, created_at FROM push_devices");
                    ResultSet rs = p.executeQuery()) {
                List<Device> out = new ArrayList<>();
                while (rs.next())
                    out.add(new Device(
                            rs.getString(1),
                            rs.getString(2),
                            Arrays.asList(rs.getString(3).split(",")),
                            rs.getInt(4) == 1,
                            Instant.parse(rs.getString(5))));
                return out;
            }
        });
    }
}
