package org.tryvoha.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests refused before any operator was authenticated (no key, a wrong key, a revoked key),
 * counted rather than audited one by one: anyone on the network can send them, so one entry each
 * would let a stranger grow the audit log at line rate. The log gets one summary entry per window
 * ({@link AuditLog#summarizeRefusals}): how many, by status and by the key id they claimed, and the
 * first {@link #SAMPLE} of them. Thread-safe.
 */
public final class AnonymousRefusals {
    /** Refusals kept whole in a summary; the rest are only counted. */
    public static final int SAMPLE = 5;
    /** Distinct claimed key ids counted by name in a summary; further ids count under "other". */
    public static final int IDS = 20;

    private final AtomicLong total = new AtomicLong();
    private long pending;
    private Instant since;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> byClaimedId = new LinkedHashMap<>();
    private final List<Map<String, Object>> sample = new ArrayList<>();

    /**
     * Counts one refusal; true when it opens a window (nothing was pending), so the caller arranges
     * for {@link AuditLog#summarizeRefusals} to run at the window's end.
     */
    public synchronized boolean count(Instant at, String action, String claimedId, int status, String problem) {
        total.incrementAndGet();
        boolean first = pending == 0;
        if (first) since = at;
        pending++;
        byStatus.merge(Integer.toString(status), 1L, Long::sum);
        String id = claimedId == null || claimedId.isEmpty() ? "(none)" : claimedId;
        if (byClaimedId.containsKey(id) || byClaimedId.size() < IDS) byClaimedId.merge(id, 1L, Long::sum);
        else byClaimedId.merge("other", 1L, Long::sum);
        if (sample.size() < SAMPLE) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", at.toString());
            one.put("action", action);
            one.put("claimed_id", claimedId == null ? "" : claimedId);
            one.put("status", status);
            if (problem != null) one.put("problem", problem);
            sample.add(one);
        }
        return first;
    }

    /** Every refusal counted since the start of this process. */
    public long total() {
        return total.get();
    }

    /** The pending window as a summary entry's detail, and a fresh window; null when nothing is pending. */
    synchronized Map<String, Object> drain(Instant now) {
        if (pending == 0) return null;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("count", pending);
        d.put("since", since.toString());
        d.put("until", now.toString());
        d.put("by_status", new TreeMap<>(byStatus));
        d.put("by_claimed_id", new LinkedHashMap<>(byClaimedId));
        d.put("sample", new ArrayList<>(sample));
        pending = 0;
        since = null;
        byStatus.clear();
        byClaimedId.clear();
        sample.clear();
        return d;
    }
}
