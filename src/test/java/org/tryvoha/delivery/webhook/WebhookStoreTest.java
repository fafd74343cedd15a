package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.delivery.webhook.WebhookStore.Attempt;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PgTestDatabase;
import org.tryvoha.store.postgres.PostgresAlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** Webhook registrations and the delivery log on SQLite and on the real PostgreSQL: one contract, both stores. */
class WebhookStoreTest {
    @TempDir
    Path dir;

    @Test
    void onSqlite() {
        try (AlertStore s = SqliteAlertStore.open(dir)) {
            contract(s);
        }
        try (AlertStore s = SqliteAlertStore.open(dir)) { // durable across a restart
            assertThat(new WebhookStore(s.sql(), 3).all())
                    .extracting(Webhook::id)
                    .containsExactly("wh_b");
        }
    }

    @Test
    void onPostgres() {
        try (PgTestDatabase db = PgTestDatabase.create("tryvoha_hooks")) {
            try (AlertStore s = PostgresAlertStore.open(db.settings())) {
                contract(s);
            }
            try (AlertStore s = PostgresAlertStore.open(db.settings())) {
                assertThat(new WebhookStore(s.sql(), 3).all())
                        .extracting(Webhook::id)
                        .containsExactly("wh_b");
            }
        }
    }

    static void contract(AlertStore s) {
        WebhookStore w = new WebhookStore(s.sql(), 3);
        Instant t = Instant.parse("2026-11-23T20:00:00.123Z");
        Webhook a = new Webhook(
                "wh_a",
                "https://a.example/hook",
                List.of("UA1", "UA2"),
                true,
                "whsec_a",
                true,
                0,
                null,
                t,
                "admin",
                "op_admin");
        Webhook b = new Webhook(
                "wh_b",
                "http://b.example/",
                List.of("UA3"),
                false,
                "whsec_b",
                true,
                0,
                null,
                t.plusSeconds(1),
                "ops",
                null);
        w.insert(a);
        w.insert(b);
        assertThat(w.all()).containsExactly(a, b);

        Webhook off = a.withState(false, 3, "3 events in a row failed");
        assertThat(w.saveState(off)).isTrue();
        assertThat(w.get("wh_a")).contains(off);
        assertThat(w.saveState(off.withState(true, 0, null))).isTrue();
        assertThat(w.get("wh_a").orElseThrow().enabled()).isTrue();

        List<Attempt> log = new ArrayList<>();
        for (int i = 1; i <= 5; i++)
            log.add(new Attempt(
                    "wh_a", 10 + i, 1, t.plusSeconds(i), i == 5 ? null : 500 + i, "retrying", "HTTP 50" + i, i));
        log.add(new Attempt("wh_b", 20, 1, t, 200, "delivered", null, 7));
        w.log(log);
        assertThat(w.log("wh_a", 10)).extracting(Attempt::seq).containsExactly(15L, 14L, 13L); // only the newest 3 kept
        assertThat(w.log("wh_a", 1).get(0).status()).isNull();
        assertThat(w.log("wh_b", 10)).containsExactly(new Attempt("wh_b", 20, 1, t, 200, "delivered", null, 7));

        assertThat(w.delete("wh_a")).isTrue();
        assertThat(w.delete("wh_a")).isFalse();
        assertThat(w.log("wh_a", 10)).isEmpty();
        assertThat(w.saveState(off)).isFalse();
    }
}
