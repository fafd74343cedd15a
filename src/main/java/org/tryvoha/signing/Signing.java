package org.tryvoha.signing;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.config.PrivateFiles;
import org.tryvoha.store.AlertStore;

/** Sets up a node's {@link EventSigner} from the store (or a PEM file) and keeps it in step with rotations. */
public final class Signing {
    private static final Logger log = LoggerFactory.getLogger(Signing.class);
    public static final String WELL_KNOWN = "/.well-known/tryvoha-keys.json";

    private Signing() {}

    /** Blocking: the active key (created on first start, or adopted from the PEM file) and every published key. */
    public static EventSigner open(AlertStore store, SigningSettings s) {
        SigningKeyStore keys = new SigningKeyStore(store.sql());
        SigningKey active;
        if (s.keyFile() != null) {
            active = readPem(s.keyFile());
            List<SigningKey> known = keys.all();
            boolean current = known.stream().anyMatch(k -> k.keyId().equals(active.keyId()) && k.retiredAt() == null);
            if (!current) keys.adoptExternal(active, Instant.now());
        } else {
            active = keys.currentOrCreate(Instant.now());
        }
        EventSigner signer = new EventSigner(active, keys.all());
        log.info(
                "signing events with key {} ({} published keys)",
                active.keyId(),
                signer.published().size());
        return signer;
    }

    /** Re-reads the store's keys every {@code refreshSeconds} (off the event loop), so a rotation reaches this node. */
    public static void keepFresh(Vertx vertx, AlertStore store, SigningSettings s, EventSigner signer) {
        long every = s.refreshSeconds() * 1000L;
        SigningKeyStore keys = new SigningKeyStore(store.sql());
        vertx.setPeriodic(
                every,
                every,
                id -> vertx.executeBlocking(
                                () -> {
                                    List<SigningKey> all = keys.all();
                                    SigningKey next = s.keyFile() != null
                                            ? signer.key()
                                            : all.stream()
                                                    .filter(k -> k.retiredAt() == null && k.privateKey() != null)
                                                    .findFirst()
                                                    .orElse(signer.key());
                                    if (!next.keyId().equals(signer.key().keyId()))
                                        log.info("signing key rotated: now {}", next.keyId());
                                    signer.use(next, all);
                                    return null;
                                },
                                false)
                        .onFailure(e -> log.warn("could not refresh the signing keys: {}", e.toString())));
    }

    /** The document at {@value #WELL_KNOWN}: every public key, current and retired. */
    public static Map<String, Object> document(EventSigner signer) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SigningKey k : signer.published()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key_id", k.keyId());
            m.put("alg", EventSigner.ALG);
            m.put("public_key", k.publicBase64());
            m.put("jwk", Map.of("kty", "OKP", "crv", "Ed25519", "x", k.publicBase64(), "kid", k.keyId()));
            m.put("created_at", k.createdAt().toString());
            if (k.retiredAt() != null) m.put("retired_at", k.retiredAt().toString());
            m.put("current", k.keyId().equals(signer.key().keyId()));
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", out);
        doc.put(
                "canonical_form",
                "UTF-8 of \"tryvoha-event-v1\\n\" + RFC 8785 JSON of the event without its \"signature\" member");
        return doc;
    }

    /** An Ed25519 private key from a PKCS#8 PEM file ({@code openssl genpkey -algorithm ed25519}). */
    public static SigningKey readPem(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
            // not changed here: the operator may share it on purpose (a group of nodes), but should know
            if (PrivateFiles.open(file))
                log.warn("signing-key-file {} can be read by group or others; it is a private key: chmod 600 it", file);
        } catch (IOException e) {
            throw new IllegalArgumentException("signing-key-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        int b = text.indexOf("-----BEGIN PRIVATE KEY-----"), e = text.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b)
            throw new IllegalArgumentException(
                    "signing-key-file: " + file + " has no -----BEGIN PRIVATE KEY----- block (PKCS#8 PEM)");
        String body = text.substring(b + 27, e).replaceAll("\\s", "");
        try {
            return SigningKey.fromPrivate(Base64.getDecoder().decode(body), Instant.now(), null);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("signing-key-file: " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The PEM form of a key's private half. */
    public static String pem(SigningKey k) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(k.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
