package org.tryvoha.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tryvoha.json.Json;
import org.tryvoha.store.StoredText;

/**
 * The hash chain of the audit log.
 *
 * <p>Canonical form of an entry: the compact JSON array
 * {@code [seq, at, actor, actor_id, role, action, target, status, detail]} — seq and status as
 * numbers, {@code at} as fixed-width UTC text {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}, the others as
 * JSON strings ({@code detail} is the JSON object's text, as stored). The hash is the lower-case hex
 * SHA-256 of the UTF-8 bytes of {@code prev_hash + "\n" + canonical}; the first entry's
 * {@code prev_hash} is 64 zeros. Changing, deleting, inserting or reordering an entry breaks the
 * chain at that entry.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String canonical(AuditEntry e) {
        try {
            return Json.MAPPER.writeValueAsString(List.of(
                    e.seq(),
                    StoredText.time(e.at()),
                    e.actor(),
                    e.actorId(),
                    e.role(),
                    e.action(),
                    e.target(),
                    e.status(),
                    e.detail()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static String hash(String prevHash, AuditEntry e) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((prevHash + "\n" + canonical(e)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }
}
