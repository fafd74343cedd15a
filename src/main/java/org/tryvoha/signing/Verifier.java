package org.tryvoha.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.tryvoha.json.Json;

/** Checks an event's signature against published keys. Stateless; thread-safe. */
public final class Verifier {
    private Verifier() {}

    /** What a check found; {@code ok} only for a valid signature by a known key. */
    public record Result(boolean ok, String keyId, String reason) {
        static Result bad(String keyId, String reason) {
            return new Result(false, keyId, reason);
        }
    }

    /**
     * Checks an event as received, in JSON text. A member given twice is refused: parsers disagree
     * on which one counts, so a signature over one reading could vouch for the other.
     */
    public static Result verify(String json, Map<String, PublicKey> keys) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Result.bad(null, "the event is not valid JSON: " + e.getOriginalMessage());
        }
        return verify(event, keys);
    }

    /** @param keys public keys by key id (current and retired) */
    public static Result verify(JsonNode event, Map<String, PublicKey> keys) {
        JsonNode sig = event == null ? null : event.get("signature");
        if (sig == null || !sig.isObject()) return Result.bad(null, "the event has no signature");
        String kid = sig.path("key_id").asText(null);
        if (!EventSigner.ALG.equals(sig.path("alg").asText()))
            return Result.bad(
                    kid, "unknown signature algorithm '" + sig.path("alg").asText() + "'");
        PublicKey key = kid == null ? null : keys.get(kid);
        if (key == null) return Result.bad(kid, "signed by key '" + kid + "', which is not among the published keys");
        byte[] value;
        try {
            value = Base64.getUrlDecoder().decode(sig.path("value").asText(""));
        } catch (IllegalArgumentException e) {
            return Result.bad(kid, "the signature value is not base64url");
        }
        try {
            Signature s = Signature.getInstance(EventSigner.ALG);
            s.initVerify(key);
            s.update(Canonical.signedBytes(event));
            return s.verify(value)
                    ? new Result(true, kid, "valid")
                    : Result.bad(kid, "the signature does not match the event: it was changed or forged");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Result.bad(kid, "the signature does not match the event: " + e.getMessage());
        }
    }
}
