package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** Keys made and revoked on the data directory (as the CLI does) take effect on a running server. */
class KeysTest {
    @TempDir
    Path dir;

    static final String BODY =
            "{\"type\":\"air_raid\",\"zones\":[\"UA63000000000041885\"],\"message\":{\"uk\":\"Тривога\"}}";

    @Test
    void keysCreatedAndRevokedBesideARunningServer() throws Exception {
        try (TestServer server = TestServer.start(dir);
                AlertStore store = SqliteAlertStore.open(dir)) {
            Keys keys = new Keys(store.sql());
            Keys.Created k = keys.create("duty-officer");
            assertThat(keys.list()).extracting(OperatorKey::name).containsExactlyInAnyOrder("admin", "duty-officer");
            assertThat(keys.list())
                    .allSatisfy(key -> assertThat(key.hash()).hasSize(64).doesNotContain(k.secret()));
            TestServer.Answer ok = server.send("POST", "/api/v1/alerts", BODY, k.secret());
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.json().path("alert").path("sender").asText()).isEqualTo("duty-officer");
            assertThat(keys.revoke("duty-officer", Instant.now())).isTrue();
            assertThat(keys.revoke("duty-officer", Instant.now())).isFalse();
            assertThat(server.send("POST", "/api/v1/alerts", BODY, k.secret()).status())
                    .isEqualTo(401);
            assertThat(server.send(
                                    "POST",
                                    "/api/v1/alerts/"
                                            + ok.json().path("alert").path("id").asText() + "/cancel",
                                    null,
                                    server.adminKey)
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void adminKeyIsMadeOnlyOnFirstStart() throws Exception {
        String first;
        try (TestServer s = TestServer.start(dir)) {
            first = s.adminKey;
            assertThat(first).startsWith(Keys.PREFIX);
        }
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.adminKey).isNull();
            assertThat(s.send("POST", "/api/v1/alerts", BODY, first).status()).isEqualTo(201);
        }
    }

    @Test
    void namesAreCheckedAndUnique() throws Exception {
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            Keys keys = new Keys(store.sql());
            keys.create("ops");
            assertThatThrownBy(() -> keys.create("ops")).hasMessageContaining("exists already");
            assertThatThrownBy(() -> keys.create("has space")).hasMessageContaining("1-64 letters");
            assertThat(keys.authenticate("tvk_wrong")).isEmpty();
            assertThat(keys.authenticate(null)).isEmpty();
        }
    }
}
