package org.tryvoha.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-plays a past period of the imported history as exercise alerts: each record is raised when its
 * start comes round (time compressed {@code speed} times) and cancelled at its end, or at the end of
 * the period. The sink does the raising (the CLI: through the real API with an operator key).
 */
public final class Replay {
    /** Where replayed alerts go; calls come from one thread, in time order. */
    public interface Sink {
        /** Raises an exercise alert for {@code a} and returns its id. */
        String raise(HistoryAlert a) throws Exception;

        void cancel(String alertId) throws Exception;
    }

    /** What a replay did. */
    public record Result(int raised, int cancelled) {}

    private record Step(Instant at, boolean start, HistoryAlert alert) {}

    private Replay() {}

    /**
     * Plays the records starting in [from, to); returns after the last all-clear. Records still in
     * force at {@code from} are not replayed (the replay is of the alerts that began in the period).
     */
    public static Result run(List<HistoryAlert> records, Instant from, Instant to, double speed, Sink sink)
            throws Exception {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be more than 0, got " + speed);
        List<Step> steps = new ArrayList<>();
        for (HistoryAlert a : records) {
            if (a.start().isBefore(from) || !a.start().isBefore(to)) continue;
            steps.add(new Step(a.start(), true, a));
            steps.add(new Step(a.end() == null || a.end().isAfter(to) ? to : a.end(), false, a));
        }
        // at equal times, all-clears before raises, so a back-to-back pair is two alerts in a row
        steps.sort(Comparator.comparing(Step::at).thenComparing(Step::start));
        Map<HistoryAlert, String> ids = new HashMap<>();
        long wall0 = System.nanoTime();
        int raised = 0;
        int cancelled = 0;
        for (Step s : steps) {
            long due = wall0 + (long) (Duration.between(from, s.at()).toNanos() / speed);
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            if (s.start()) {
                ids.put(s.alert(), sink.raise(s.alert()));
                raised++;
            } else {
                sink.cancel(ids.remove(s.alert()));
                cancelled++;
            }
        }
        return new Result(raised, cancelled);
    }
}
