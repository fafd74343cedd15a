package org.tryvoha.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tryvoha.SseClient;

/**
 * A subscriber that follows one zone over SSE and, when its node goes away, reconnects to the next
 * node with its Last-Event-ID, as a browser's EventSource does. Records every event seq it gets.
 */
final class Follower implements AutoCloseable {
    final String name;
    final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();
    private final List<String> bases;
    private final String zone;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile SseClient current;
    private volatile boolean started;

    Follower(String name, String zone, List<String> bases) {
        this.name = name;
        this.zone = zone;
        this.bases = List.copyOf(bases);
        this.thread = Thread.ofVirtual().start(this::run);
    }

    private void run() {
        String lastId = null;
        for (int i = 0; !stopped; ) {
            String base = bases.get(i % bases.size());
            try (SseClient sse = SseClient.open(base + "/api/v1/stream?zone=" + zone, lastId)) {
                current = sse;
                if (sse.status != 200) throw new IllegalStateException("status " + sse.status);
                while (!stopped) {
                    SseClient.Message m = sse.poll(500);
                    if (m == null) continue;
                    switch (m.event()) {
                        case "state" -> {
                            if (lastId == null) lastId = m.id();
                            started = true;
                        }
                        case "alert" -> {
                            seqs.add(Long.parseLong(m.id()));
                            lastId = m.id();
                        }
                        case "reset" -> problems.add("reset from " + base + ": " + m.data());
                        case "eof" -> throw new IllegalStateException("stream ended");
                        default -> {}
                    }
                }
            } catch (Exception e) {
                if (stopped) return;
                reconnects.incrementAndGet();
                i++; // the next node
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    boolean started() {
        return started;
    }

    long last() {
        synchronized (seqs) {
            return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        SseClient c = current;
        if (c != null) c.close();
        thread.join(5_000);
    }
}
