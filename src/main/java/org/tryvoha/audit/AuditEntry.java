package org.tryvoha.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One operator action as recorded, refused ones included.
 *
 * @param seq position in the chain, from 1, without gaps
 * @param actor the operator's name, or "anonymous" when no valid key was given
 * @param actorId the operator's or key's public id, or the id a refused key claimed ("" when none)
 * @param role the actor's role when authenticated, else ""
 * @param action what was asked, e.g. {@code alert.raise}, {@code approval.approve}
 * @param target what it was asked of (alert, held alert or operator id), or ""
 * @param status the HTTP status of the answer (201, 202, 403, ...)
 * @param detail a JSON object: the refusal's reason, the alert's zones and type, ...; never a secret
 * @param prevHash the previous entry's hash (64 zeros for the first)
 * @param hash SHA-256 over prevHash and this entry's canonical form, see {@link AuditChain}
 */
public record AuditEntry(
        long seq,
        Instant at,
        String actor,
        @JsonProperty("actor_id") String actorId,
        String role,
        String action,
        String target,
        int status,
        String detail,
        @JsonProperty("prev_hash") String prevHash,
        String hash) {}
