package org.tryvoha.stream;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live delivery latency per channel ("sse", "ws"), over the last {@link #WINDOW} samples of each.
 *
 * <p>One sample per event per event loop per channel, taken right after that loop wrote the event to
 * the last of its subscribers on the channel (the write is handed to the socket then): {@code
 * commit} = now − the event's {@code at} (the commit time, millisecond resolution, so a sample may
 * read up to 1 ms long), and {@code fanout} = now − when this node received and encoded the event
 * (nanosecond clock); {@code hop} = from that encoding to the moment the loop took the event up (the
 * thread hand-off: bus thread to event loop, plus whatever the loop was busy with). Thread-safe: each channel's window is guarded by its own lock, taken once per
 * event per loop, never per subscriber.
 */
public final class DeliveryLatency {
  /** Samples kept per channel. */
  public static final int WINDOW = 4096;

  private final Map<String, Window> channels = new ConcurrentHashMap<>();

  /** Records that one loop wrote {@code e} to {@code subscribers} subscribers of {@code channel}. */
  void record(String channel, EncodedEvent e, long startedNanos, int subscribers) {
    long hopMicros = (startedNanos - e.encodedNanos()) / 1000;
    long fanoutMicros = (System.nanoTime() - e.encodedNanos()) / 1000;
    Instant now = Instant.now();
    Instant at = e.event().at();
    long commitMicros = (now.getEpochSecond() - at.getEpochSecond()) * 1_000_000 + (now.getNano() - at.getNano()) / 1000;
    channels.computeIfAbsent(channel, k -> new Window()).add(commitMicros, fanoutMicros, hopMicros, subscribers);
  }

  /** The JSON shape of {@code GET /api/v1/latency}'s {@code channels}: per channel, percentiles in ms. */
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String ch : new String[] {"sse", "ws"}) {
      Window w = channels.get(ch);
      out.put(ch, w == null ? new Window().summary() : w.summary());
    }
    return out;
  }

  private static final class Window {
    private final long[] commit = new long[WINDOW];
    private final long[] fanout = new long[WINDOW];
    private final long[] hop = new long[WINDOW];
    private long samples;
    private long deliveries;

    synchronized void add(long commitMicros, long fanoutMicros, long hopMicros, int subscribers) {
      int i = (int) (samples % WINDOW);
      hop[i] = hopMicros;
      commit[i] = commitMicros;
      fanout[i] = fanoutMicros;
      samples++;
      deliveries += subscribers;
    }

    synchronized Map<String, Object> summary() {
      int n = (int) Math.min(samples, WINDOW);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("samples", n);
      m.put("samples_total", samples);
      m.put("deliveries_total", deliveries);
      m.put("commit_to_write_ms", percentiles(Arrays.copyOf(commit, n)));
      m.put("fanout_ms", percentiles(Arrays.copyOf(fanout, n)));
      m.put("hop_ms", percentiles(Arrays.copyOf(hop, n)));
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
