package org.tryvoha.cap;

import java.util.ArrayList;
import java.util.List;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoredAlert;

/**
 * Every event of one alert, oldest first, read from the log without a per-alert index: a binary
 * search by time finds the first event at or after the alert was issued, and the log is read from
 * there to the alert's latest event. When the clock went backwards and the issue event is missed,
 * the log is read from the start. Blocking (store reads).
 */
final class AlertHistory {
    private static final int PAGE = 1000;

    private AlertHistory() {}

    static List<AlertEvent> of(AlertStore store, StoredAlert s) {
        long lo = 1, hi = s.seq();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            List<AlertEvent> e = store.events(mid - 1, 1);
            if (e.isEmpty() || e.get(0).at().isBefore(s.alert().issuedAt())) lo = mid + 1;
            else hi = mid;
        }
        List<AlertEvent> out = scan(store, lo - 1, s);
        if (out.isEmpty() || out.get(0).kind() != EventKind.ISSUED) out = scan(store, 0, s);
        return out;
    }

    private static List<AlertEvent> scan(AlertStore store, long after, StoredAlert s) {
        List<AlertEvent> out = new ArrayList<>();
        while (after < s.seq()) {
            List<AlertEvent> page = store.events(after, PAGE);
            if (page.isEmpty()) break;
            for (AlertEvent e : page) {
                if (e.seq() > s.seq()) return out;
                if (e.alert().id().equals(s.alert().id())) out.add(e);
            }
            after = page.get(page.size() - 1).seq();
        }
        return out;
    }
}
