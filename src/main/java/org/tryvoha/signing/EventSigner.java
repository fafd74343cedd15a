package org.tryvoha.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.interfaces.EdECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.json.Json;

/**
 * Signs events with the active key: every channel sends the JSON made here, so every copy of an
 * event carries {@code "signature": {"alg": "Ed25519", "key_id": ..., "value": base64url}} over
 * {@link Canonical#signedBytes}. Thread-safe; the key is swapped atomically by {@link #use}.
 *
 * <p>Signing uses Bouncy Castle's Ed25519 (already on the class path through jnats): the JDK's
 * own took ~0.6 ms per event against Bouncy Castle's ~0.05-0.2 ms (BENCHMARKS.md, Signed events), and
 * the signature is made once, in the bus handler, before delivery. Ed25519 is deterministic: both give the
 * same bytes, and verification ({@link Verifier}, the CLI, the browser) uses the JDK and WebCrypto.
 */
public final class EventSigner {
    public static final String ALG = "Ed25519";
    private volatile SigningKey key;
    private volatile List<SigningKey> published;
    /** The latest events' signed JSON by seq, so the streams and MQTT share one signature per event. */
    private final AtomicReferenceArray<Made> recent = new AtomicReferenceArray<>(256);

    private record Made(long seq, String json) {}

    public EventSigner(SigningKey key, List<SigningKey> published) {
        use(key, published);
    }

    /** A signer with a key of its own, kept in memory only (tests and tools without a store). */
    public static EventSigner ephemeral() {
        SigningKey k = SigningKey.generate(Instant.now());
        return new EventSigner(k, List.of(k));
    }

    /** Signs with {@code key} from now on; {@code published} is every key the well-known document lists. */
    public void use(SigningKey key, List<SigningKey> published) {
        if (key.privateKey() == null)
            throw new IllegalArgumentException("cannot sign with " + key.keyId() + ": no private key");
        this.published = List.copyOf(published);
        this.key = key;
    }

    public SigningKey key() {
        return key;
    }

    public List<SigningKey> published() {
        return published;
    }

    /** The event's wire JSON, signed: what SSE, WebSocket, MQTT and the event log API send. */
    public String json(AlertEvent e) {
        int slot = (int) Math.floorMod(e.seq(), (long) recent.length());
        Made m = recent.get(slot);
        if (m != null && m.seq() == e.seq()) return m.json();
        try {
            String json = Json.MAPPER.writeValueAsString(node(e));
            recent.set(slot, new Made(e.seq(), json));
            return json;
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise event " + e.seq(), ex);
        }
    }

    /** The event's wire form as a tree, with its signature member last. */
    public ObjectNode node(AlertEvent e) {
        ObjectNode n = Json.MAPPER.valueToTree(
                new EncodedEvent.Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones()));
        return sign(n);
    }

    /** Adds (or replaces) the {@code signature} member of an event object. */
    public ObjectNode sign(ObjectNode event) {
        SigningKey k = key;
        byte[] message = Canonical.signedBytes(event);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, bcKey(k));
        s.update(message, 0, message.length);
        ObjectNode sig = event.objectNode()
                .put("alg", ALG)
                .put("key_id", k.keyId())
                .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(s.generateSignature()));
        event.remove("signature");
        event.set("signature", sig);
        return event;
    }

    private volatile Bc bc;

    private record Bc(String keyId, Ed25519PrivateKeyParameters key) {}

    /** The Bouncy Castle form of the key's 32-byte private seed, made once per key. */
    private Ed25519PrivateKeyParameters bcKey(SigningKey k) {
        Bc b = bc;
        if (b == null || !b.keyId().equals(k.keyId())) {
            byte[] seed = ((EdECPrivateKey) k.privateKey())
                    .getBytes()
                    .orElseThrow(
                            () -> new IllegalStateException("the signing key " + k.keyId() + " has no private bytes"));
            b = new Bc(k.keyId(), new Ed25519PrivateKeyParameters(seed, 0));
            bc = b;
        }
        return b.key();
    }
}
