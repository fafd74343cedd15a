package org.tryvoha.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.json.Json;
import org.tryvoha.signing.SigningKey;

/**
 * Signed checkpoints of the audit chain's head, appended to a file outside the database.
 *
 * <p>The chain alone cannot show that entries were cut off its end: whoever can write the database
 * can delete the last entries and set the head row to the new last one. A checkpoint records, from
 * this process's own memory of what it appended, one entry's {@code seq} and {@code hash}, signed
 * with the event-signing key; {@link AuditLog#verify} then requires the chain to reach every
 * checkpoint and to match it there. The file is only as strong as its place: it catches truncation
 * of anything up to the last checkpoint an attacker could not also remove (see docs/security.md).
 *
 * <p>One line per checkpoint: {@code {"seq":N,"hash":"…","at":"…","key_id":"…","signature":"…"}}, the
 * signature (Ed25519, base64url) over the UTF-8 of {@code "tryvoha-audit-checkpoint-v1\n" + seq +
 * "\n" + hash + "\n" + at}. A checkpoint is written at most every {@link #SPACING_MILLIS} ms, for
 * the newest entry made durable by then; one writer thread, so appends never wait for the file.
 * Thread-safe.
 */
public final class AuditCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    public static final String FILE_NAME = "audit-checkpoints.log";
    /** At most one checkpoint line per this many milliseconds: a flood of entries grows the file slowly. */
    public static final long SPACING_MILLIS = 1000;

    private static final String DOMAIN = "tryvoha-audit-checkpoint-v1\n";

    /** One checkpoint as written. */
    public record Checkpoint(
            long seq,
            String hash,
            String at,
            @JsonProperty("key_id") String keyId,
            String signature) {}

    private final Path file;
    private final Supplier<SigningKey> key;
    private final Clock clock;
    private final AtomicReference<AuditEntry> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService writer;
    private long writtenSeq;
    private long lastWrite;

    private AuditCheckpoints(Path file, Supplier<SigningKey> key, Clock clock) {
        this.file = file;
        this.key = key;
        this.clock = clock;
        this.writer = key == null
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "audit-checkpoints");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Writes checkpoints to {@code file}, signed with whatever key {@code key} gives at the time. */
    public static AuditCheckpoints writing(Path file, Supplier<SigningKey> key, Clock clock) {
        return new AuditCheckpoints(file, key, clock);
    }

    /** Reads (for {@link AuditLog#verify}) but never writes: offline tools. */
    public static AuditCheckpoints readOnly(Path file) {
        return new AuditCheckpoints(file, null, Clock.systemUTC());
    }

    public Path file() {
        return file;
    }

    /** An entry is durable: it becomes the next checkpoint unless a newer one does. */
    void noted(AuditEntry e) {
        if (writer == null) return;
        latest.accumulateAndGet(e, (a, b) -> a == null || b.seq() > a.seq() ? b : a);
        if (!scheduled.compareAndSet(false, true)) return;
        long wait;
        synchronized (this) {
            wait = Math.max(0, lastWrite + SPACING_MILLIS - clock.millis());
        }
        try {
            writer.schedule(this::writeQuietly, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // after close(): its last flush wrote what was durable by then
        }
    }

    /**
     * Stops writing in the background and checkpoints the newest noted entry now, so a clean
     * shutdown leaves no unprotected tail and nothing touches the file afterwards.
     */
    public void close() {
        if (writer == null) return;
        writer.shutdownNow();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS))
                log.warn("the audit checkpoint writer did not stop in 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQuietly();
    }

    private void writeQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("could not write the audit checkpoint to {}: {}", file, e.toString());
        }
    }

    /** Writes a checkpoint for the newest noted entry now, unless it is already written. */
    public synchronized void flush() {
        scheduled.set(false);
        AuditEntry e = latest.get();
        if (e == null || e.seq() <= writtenSeq) return;
        SigningKey k = key.get();
        String at = clock.instant().toString();
        Checkpoint cp = new Checkpoint(e.seq(), e.hash(), at, k.keyId(), sign(k, e.seq(), e.hash(), at));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ByteBuffer b =
                        ByteBuffer.wrap((Json.MAPPER.writeValueAsString(cp) + "\n").getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) ch.write(b);
                ch.force(false);
            }
        } catch (IOException ex) {
            throw new IllegalStateException("cannot append to " + file + ": " + ex.getMessage(), ex);
        }
        writtenSeq = e.seq();
        lastWrite = clock.millis();
    }

    /** What the file holds: checkpoints in file order, and for each unreadable line its problem. */
    public record Read(List<Checkpoint> checkpoints, List<String> problems, boolean exists) {}

    /** Reads the file; a last line without its newline is a write cut short by a crash, and skipped. */
    public Read read() {
        if (!Files.exists(file)) return new Read(List.of(), List.of(), false);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Read(List.of(), List.of("cannot read " + file + ": " + e.getMessage()), true);
        }
        List<Checkpoint> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].isBlank()) continue;
            try {
                Checkpoint cp = Json.MAPPER.readValue(lines[i], Checkpoint.class);
                if (cp.hash() == null || cp.at() == null || cp.keyId() == null || cp.signature() == null)
                    throw new IllegalArgumentException("a member is missing");
                out.add(cp);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(file.getFileName() + " line " + (i + 1) + " is not a checkpoint");
            }
        }
        return new Read(out, problems, true);
    }

    /** Null when {@code cp} is signed by one of {@code keys} (by key id), else why not. */
    static String check(Checkpoint cp, Map<String, PublicKey> keys) {
        PublicKey k = keys.get(cp.keyId());
        if (k == null)
            return "the checkpoint at seq " + cp.seq() + " is signed by key '" + cp.keyId()
                    + "', which is not among the signing keys";
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(k);
            s.update(message(cp.seq(), cp.hash(), cp.at()));
            if (s.verify(Base64.getUrlDecoder().decode(cp.signature()))) return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // reported below
        }
        return "the checkpoint at seq " + cp.seq() + " (written " + cp.at()
                + ") has a signature that does not match: it was changed or forged";
    }

    private static String sign(SigningKey k, long seq, String hash, String at) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(k.privateKey());
            s.update(message(seq, hash, at));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the audit checkpoint with " + k.keyId() + ": " + e, e);
        }
    }

    private static byte[] message(long seq, String hash, String at) {
        return (DOMAIN + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }
}
