package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PgTestDatabase;
import org.tryvoha.store.postgres.PostgresAlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** The VAPID keys and push subscriptions on SQLite and on the real PostgreSQL. */
class PushStoreTest {
    @TempDir
    Path dir;

    @Test
    void onSqlite() {
        String key;
        try (AlertStore s = SqliteAlertStore.open(dir)) {
            key = contract(s);
        }
        try (AlertStore s = SqliteAlertStore.open(dir)) {
            assertThat(new Vapid(new PushStore(s.sql()).vapidKeys(), "mailto:x@y").publicKey())
                    .isEqualTo(key);
        }
    }

    @Test
    void onPostgres() {
        try (PgTestDatabase db = PgTestDatabase.create("tryvoha_push")) {
            String key;
            try (AlertStore s = PostgresAlertStore.open(db.settings())) {
                key = contract(s);
            }
            try (AlertStore s = PostgresAlertStore.open(db.settings())) { // another node, or a restart: the same key
                assertThat(new Vapid(new PushStore(s.sql()).vapidKeys(), "mailto:x@y").publicKey())
                        .isEqualTo(key);
            }
        }
    }

    static String contract(AlertStore s) {
        PushStore p = new PushStore(s.sql());
        KeyPair k = p.vapidKeys();
        assertThat(p.vapidKeys().getPublic()).isEqualTo(k.getPublic());
        assertThat(p.vapidKeys().getPrivate()).isEqualTo(k.getPrivate());

        Browser b = Browser.create();
        Instant t = Instant.parse("2026-11-23T20:00:00Z");
        p.save(new PushSubscription("https://push.example/a", b.publicKey(), b.auth(), List.of("UA1"), false, t));
        p.save(new PushSubscription(
                "https://push.example/a", b.publicKey(), b.auth(), List.of("UA1", "UA2"), true, t)); // renewed
        p.save(new PushSubscription("https://push.example/b", b.publicKey(), b.auth(), List.of("UA3"), false, t));
        List<PushSubscription> all = p.all();
        assertThat(all).hasSize(2);
        PushSubscription a = all.stream()
                .filter(x -> x.endpoint().endsWith("/a"))
                .findFirst()
                .orElseThrow();
        assertThat(a.zones()).containsExactly("UA1", "UA2");
        assertThat(a.drills()).isTrue();
        assertThat(a.p256dh()).isEqualTo(b.publicKey());
        assertThat(a.auth()).isEqualTo(b.auth());
        assertThat(p.get("https://push.example/a").orElseThrow().zones()).containsExactly("UA1", "UA2");
        assertThat(p.delete("https://push.example/b")).isTrue();
        assertThat(p.get("https://push.example/b")).isEmpty();
        assertThat(p.delete("https://push.example/b")).isFalse();
        return new Vapid(k, "mailto:x@y").publicKey();
    }
}
