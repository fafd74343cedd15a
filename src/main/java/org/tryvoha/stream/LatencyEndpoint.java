package org.tryvoha.stream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code GET /api/v1/latency}: live delivery latency per channel and this process's memory. */
public final class LatencyEndpoint {
    private LatencyEndpoint() {}

    public static Map<String, Object> body(Fanout fanout) {
        return body(fanout, 0);
    }

    /** @param afterSeq only samples of events after this sequence number (0: all in the window) */
    public static Map<String, Object> body(Fanout fanout, long afterSeq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "window",
                "the last " + DeliveryLatency.WINDOW + " samples per channel; one sample per event per event loop, "
                        + "taken after the loop wrote the event to its last subscriber on that channel"
                        + (afterSeq > 0 ? "; only events after " + afterSeq : ""));
        m.put("channels", fanout.latency().snapshot(afterSeq));
        m.put("subscribers", fanout.connected());
        m.put("push", fanout.reports().snapshot());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        m.put("heap_used_bytes", heap.getUsed());
        m.put("heap_committed_bytes", heap.getCommitted());
        m.put("rss_bytes", rssBytes());
        return m;
    }

    /** Resident set size from /proc/self/status (Linux); -1 elsewhere. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format
        }
        return -1;
    }
}
