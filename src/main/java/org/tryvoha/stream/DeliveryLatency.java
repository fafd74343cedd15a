package org.tryvoha.stream;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tryvoha.event.EncodedEvent;

/**
 * Live delivery latency per channel ("sse", "ws"), over the last {@link #WINDOW} samples of each.
 *
 * <p>One sample per event per event loop per channel, taken right after that loop wrote the event to
 * the last of its subscribers on the channel (the write has returned from the socket then):
 *
 * <ul>
 *   <li>{@code commit} = now − the event's {@code at}: the time the operator's change was stamped,
 *       before its store transaction began (millisecond resolution, so a sample may read up to 1 ms
 *       long); it includes waiting for the store's writer, the SQL and the durable commit's fsync;
 *   <li>{@code fanout} = now − when this node's fan-out received the committed event (nanosecond
 *       clock): the time <em>beyond the durable commit</em>. With the in-process bus the fan-out
 *       receives it on the committing thread right after the commit returns, so this is commit →
 *       socket write: signing, encoding, the hand-off to the event loop and the writes; with NATS it
 *       starts when the event reached this node;
 *   <li>{@code hop} = from the end of the encoding (the hand-off) to the moment the loop took the
 *       event up: the thread wake-up of the event loop, plus whatever the loop was busy with.
 * </ul>
 *
 * Thread-safe: each channel's window is guarded by its own lock, taken once per event per loop,
 * never per subscriber.
 */
public final class DeliveryLatency {
    /** Samples kept per channel. */
    public static final int WINDOW = 4096;

    private final Map<String, Window> channels = new ConcurrentHashMap<>();

    /** Records that one loop wrote {@code e} to {@code subscribers} subscribers of {@code channel}. */
    void record(String channel, EncodedEvent e, long startedNanos, int subscribers) {
        long hopMicros = (startedNanos - e.encodedNanos()) / 1000;
        long fanoutMicros = (System.nanoTime() - e.receivedNanos()) / 1000;
        Instant now = Instant.now();
        Instant at = e.event().at();
        long commitMicros =
                (now.getEpochSecond() - at.getEpochSecond()) * 1_000_000 + (now.getNano() - at.getNano()) / 1000;
        channels.computeIfAbsent(channel, k -> new Window())
                .add(e.seq(), commitMicros, fanoutMicros, hopMicros, subscribers);
    }

    /** The JSON shape of {@code GET /api/v1/latency}'s {@code channels}: per channel, percentiles in ms. */
    public Map<String, Object> snapshot() {
        return snapshot(0);
    }

    /** As {@link #snapshot()}, over the samples of events after sequence {@code afterSeq} only (a benchmark leaves out its warm-up). */
    public Map<String, Object> snapshot(long afterSeq) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String ch : new String[] {"sse", "ws"}) {
            Window w = channels.get(ch);
            out.put(ch, w == null ? new Window().summary(afterSeq) : w.summary(afterSeq));
        }
        return out;
    }

    private static final class Window {
        private final long[] seq = new long[WINDOW];
        private final long[] commit = new long[WINDOW];
        private final long[] fanout = new long[WINDOW];
        private final long[] hop = new long[WINDOW];
        private long samples;
        private long deliveries;

        synchronized void add(long eventSeq, long commitMicros, long fanoutMicros, long hopMicros, int subscribers) {
            int i = (int) (samples % WINDOW);
            seq[i] = eventSeq;
            hop[i] = hopMicros;
            commit[i] = commitMicros;
            fanout[i] = fanoutMicros;
            samples++;
            deliveries += subscribers;
        }

        synchronized Map<String, Object> summary(long afterSeq) {
            int held = (int) Math.min(samples, WINDOW);
            long[] c = new long[held], f = new long[held], h = new long[held];
            int n = 0;
            for (int i = 0; i < held; i++) {
                if (seq[i] <= afterSeq) continue;
                c[n] = commit[i];
                f[n] = fanout[i];
                h[n++] = hop[i];
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", n);
            m.put("samples_total", samples);
            m.put("deliveries_total", deliveries);
            m.put("commit_to_write_ms", percentiles(Arrays.copyOf(c, n)));
            m.put("fanout_ms", percentiles(Arrays.copyOf(f, n)));
            m.put("hop_ms", percentiles(Arrays.copyOf(h, n)));
            return m;
        }
    }

    private static Map<String, Object> percentiles(long[] micros) {
        Arrays.sort(micros);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", ms(Percentiles.nearestRank(micros, 50)));
        m.put("p90", ms(Percentiles.nearestRank(micros, 90)));
        m.put("p99", ms(Percentiles.nearestRank(micros, 99)));
        m.put("max", ms(micros.length == 0 ? -1 : micros[micros.length - 1]));
        return m;
    }

    private static Double ms(long micros) {
        return micros < 0 ? null : micros / 1000.0;
    }
}
