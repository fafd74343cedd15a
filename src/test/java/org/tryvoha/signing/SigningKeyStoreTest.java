package org.tryvoha.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.config.Config;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.event.EventKind;
import org.tryvoha.json.Json;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PgTestDatabase;
import org.tryvoha.store.postgres.PostgresAlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/** The signing keys table on SQLite and on the real PostgreSQL: first start, rotation, a PEM key file. */
class SigningKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void sqlite() {
        contract(() -> SqliteAlertStore.open(dir));
    }

    @Test
    void postgres() {
        try (PgTestDatabase db = PgTestDatabase.create("tryvoha_signing")) {
            contract(() -> PostgresAlertStore.open(db.settings()));
        }
    }

    private void contract(Supplier<AlertStore> open) {
        AlertEvent e = new AlertEvent(
                7,
                EventKind.ISSUED,
                Instant.parse("2026-11-23T10:00:00Z"),
                new Alert(
                        "a1",
                        AlertType.DRONE,
                        AlertStatus.ACTUAL,
                        List.of("UA63000000000041885"),
                        null,
                        Map.of("uk", "Тривога"),
                        "admin",
                        Instant.parse("2026-11-23T10:00:00Z"),
                        null,
                        null,
                        null,
                        true),
                List.of());
        String first;
        String signedBefore;
        try (AlertStore store = open.get()) {
            EventSigner s = Signing.open(store, new SigningSettings(null, 30));
            first = s.key().keyId();
            signedBefore = s.json(e);
        }
        try (AlertStore store = open.get()) {
            SigningKeyStore keys = new SigningKeyStore(store.sql());
            assertThat(Signing.open(store, new SigningSettings(null, 30)).key().keyId())
                    .as("the same key after a restart")
                    .isEqualTo(first);
            SigningKey next = keys.rotate(Instant.now());
            assertThat(next.keyId()).isNotEqualTo(first);
            List<SigningKey> all = keys.all();
            assertThat(all).extracting(SigningKey::keyId).containsExactlyInAnyOrder(first, next.keyId());
            assertThat(all).filteredOn(k -> k.keyId().equals(first)).allMatch(k -> k.retiredAt() != null);
            EventSigner s = Signing.open(store, new SigningSettings(null, 30));
            assertThat(s.key().keyId()).isEqualTo(next.keyId());
            Map<String, PublicKey> pub = new HashMap<>();
            s.published().forEach(k -> pub.put(k.keyId(), k.publicKey()));
            assertThat(Verifier.verify(read(signedBefore), pub).ok())
                    .as("signed before the rotation")
                    .isTrue();
            assertThat(Verifier.verify(s.node(e), pub).ok()).isTrue();
        }
    }

    @Test
    void aPemKeyFileSignsAndIsPublishedWithoutItsPrivateHalf() throws Exception {
        SigningKey k = SigningKey.generate(Instant.now());
        Path pem = Files.writeString(dir.resolve("signing.pem"), Signing.pem(k));
        assertThat(Signing.readPem(pem).keyId()).isEqualTo(k.keyId());
        try (AlertStore store = SqliteAlertStore.open(dir.resolve("db"))) {
            EventSigner s = Signing.open(
                    store,
                    SigningSettings.from(Config.Source.of(Map.of("signing-key-file", pem.toString()), Map.of())));
            assertThat(s.key().keyId()).isEqualTo(k.keyId());
            assertThat(new SigningKeyStore(store.sql()).all())
                    .filteredOn(x -> x.keyId().equals(k.keyId()))
                    .singleElement()
                    .satisfies(x -> assertThat(x.privateKey()).isNull());
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
