package org.tryvoha.track;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the track feed; written by the engine thread and the routes, read from anywhere. */
public final class TrackStats {
    final LongAdder accepted = new LongAdder();
    final LongAdder invalid = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder future = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder duplicate = new LongAdder();
    final LongAdder afterEnd = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder raised = new LongAdder();
    final LongAdder updated = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder reused = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder outsideScope = new LongAdder();

    /** Counts reports refused as invalid (the whole batch is refused; each of its reports counts). */
    public void invalid(int n) {
        invalid.add(n);
    }

    /** Alert changes not made because they fell outside the feed principal's role or scope. */
    public long refusedOutsideScope() {
        return outsideScope.sum();
    }

    /** Alerts raised, updated and cancelled so far: how many durable commits the engine made. */
    public long alertChanges() {
        return raised.sum() + updated.sum() + cancelled.sum();
    }

    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("accepted", accepted.sum());
        m.put("invalid", invalid.sum());
        m.put("unauthorized_messages", unauthorized.sum());
        m.put("stale", stale.sum());
        m.put("future", future.sum());
        m.put("out_of_order", outOfOrder.sum());
        m.put("duplicate", duplicate.sum());
        m.put("after_end", afterEnd.sum());
        m.put("tracks_lost_by_silence", lost.sum());
        m.put("alerts_raised", raised.sum());
        m.put("alerts_updated", updated.sum());
        m.put("alerts_cancelled", cancelled.sum());
        m.put("alert_failures", failed.sum());
        m.put("threat_areas_reused", reused.sum());
        m.put("batches_refused_busy", busy.sum());
        m.put("alerts_refused_outside_scope", outsideScope.sum());
        return m;
    }
}
