package org.tryvoha.stream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.tryvoha.event.EncodedEvent;

/**
 * What the push channels ({@code webpush}, {@code fcm}, {@code apns}) did with each recent event:
 * pushes planned, sent, failed, retried and dropped, and the time from the event's commit stamp to
 * the last push answered. Shown in {@code GET /api/v1/latency} ({@code push}) and on {@code /metrics}.
 *
 * <p>A channel starts one {@link Tally} per event it sends; its senders count on it from any thread.
 * The newest {@link #KEEP} tallies per channel are kept. Thread-safe.
 */
public final class DeliveryReports {
    /** Events kept per channel. */
    public static final int KEEP = 20;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** The counts of one event on one channel. Thread-safe. */
    public static final class Tally {
        private final long seq;
        private final String kind;
        private final String alertId;
        private final Instant at;
        private final Channel channel;
        private final AtomicLong planned = new AtomicLong();
        private final AtomicLong sent = new AtomicLong(),
                failed = new AtomicLong(),
                retried = new AtomicLong(),
                dropped = new AtomicLong();
        /** Microseconds from the event's stamp to the latest answered push; -1 before the first. */
        private final AtomicLong lastMicros = new AtomicLong(-1), firstMicros = new AtomicLong(-1);

        private Tally(Channel channel, EncodedEvent e) {
            this.channel = channel;
            this.seq = e.seq();
            this.kind = e.event().kind().wire();
            this.alertId = e.event().alert().id();
            this.at = e.event().at();
        }

        /** {@code n} more pushes to make for this event. */
        public void planned(int n) {
            planned.addAndGet(n);
        }

        public void sent() {
            answered();
            sent.incrementAndGet();
            channel.sent.increment();
        }

        public void failed() {
            answered();
            failed.incrementAndGet();
            channel.failed.increment();
        }

        public void retried() {
            retried.incrementAndGet();
            channel.retried.increment();
        }

        /** Not sent at all: the queue was full, or the sender closed. */
        public void dropped() {
            dropped.incrementAndGet();
            channel.dropped.increment();
        }

        private void answered() {
            Instant now = Instant.now();
            long micros =
                    (now.getEpochSecond() - at.getEpochSecond()) * 1_000_000 + (now.getNano() - at.getNano()) / 1000;
            lastMicros.accumulateAndGet(micros, Math::max);
            firstMicros.compareAndSet(-1, micros);
        }

        public long sentCount() {
            return sent.get();
        }

        /** Every planned push was sent, failed or dropped. */
        public boolean done() {
            return sent.get() + failed.get() + dropped.get() >= planned.get();
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", seq);
            m.put("kind", kind);
            m.put("alert_id", alertId);
            m.put("planned", planned.get());
            m.put("sent", sent.get());
            m.put("failed", failed.get());
            m.put("retried", retried.get());
            m.put("dropped", dropped.get());
            m.put("done", done());
            long first = firstMicros.get(), last = lastMicros.get();
            m.put("to_first_ms", first < 0 ? null : first / 1000.0);
            m.put("to_last_ms", last < 0 ? null : last / 1000.0);
            return m;
        }
    }

    static final class Channel {
        final ArrayDeque<Tally> recent = new ArrayDeque<>(); // guarded by itself
        final LongAdder sent = new LongAdder(),
                failed = new LongAdder(),
                retried = new LongAdder(),
                dropped = new LongAdder();
    }

    /** A new tally for {@code e} on {@code channel}, kept among the newest. */
    public Tally start(String channel, EncodedEvent e) {
        Channel c = channel(channel);
        Tally t = new Tally(c, e);
        synchronized (c.recent) {
            c.recent.addFirst(t);
            while (c.recent.size() > KEEP) c.recent.removeLast();
        }
        return t;
    }

    private Channel channel(String name) {
        return channels.computeIfAbsent(name, k -> new Channel());
    }

    /** Totals of a channel since start: {@code sent}, {@code failed}, {@code retried} or {@code dropped}. */
    public long total(String channel, String what) {
        Channel c = channel(channel);
        return switch (what) {
            case "sent" -> c.sent.sum();
            case "failed" -> c.failed.sum();
            case "retried" -> c.retried.sum();
            case "dropped" -> c.dropped.sum();
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** Seconds from the commit to the last push of the newest finished event on a channel; NaN before one. */
    public double lastEventSeconds(String channel) {
        Channel c = channel(channel);
        synchronized (c.recent) {
            for (Tally t : c.recent) if (t.done() && t.lastMicros.get() >= 0) return t.lastMicros.get() / 1e6;
        }
        return Double.NaN;
    }

    /** {@code {channel: {"sent", "failed", "retried", "dropped", "events": [newest first]}}}. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : channels.keySet().stream().sorted().toList()) {
            Channel c = channels.get(name);
            List<Map<String, Object>> events = new ArrayList<>();
            synchronized (c.recent) {
                for (Iterator<Tally> i = c.recent.iterator(); i.hasNext(); )
                    events.add(i.next().json());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sent", c.sent.sum());
            m.put("failed", c.failed.sum());
            m.put("retried", c.retried.sum());
            m.put("dropped", c.dropped.sum());
            m.put("events", events);
            out.put(name, m);
        }
        return out;
    }
}
