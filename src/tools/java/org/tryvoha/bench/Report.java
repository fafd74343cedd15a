package org.tryvoha.bench;

import java.io.PrintStream;
import java.util.Map;

/** Prints a run's results as the Markdown rows BENCHMARKS.md uses, with the ratios to the peers. */
final class Report {
    private Report() {}

    @SuppressWarnings("unchecked")
    static void print(PrintStream out, Bench.Options o, Map<String, Map<String, Object>> results) {
        out.printf(
                "%n%d subscribers, scenario %s, %d events (+%d warm-up)%n%n",
                o.subscribers(), o.scenario(), o.events(), o.warmup());
        out.println(
                "| channel | held | connect s | heap/sub B | RSS MiB | first p50 / p99 ms | last p50 / p90 / p99 / max ms | POST p50 / p99 ms (server's own) | deliveries/s | target CPU µs/delivery | generator CPU µs/delivery | errors |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            Map<String, Object> r = e.getValue();
            Map<String, Object> f = (Map<String, Object>) r.get("first_ms"), l = (Map<String, Object>) r.get("last_ms");
            Map<String, Object> p = (Map<String, Object>) r.get("post_ms"),
                    ps = (Map<String, Object>) r.get("post_server_ms");
            out.printf(
                    "| %s | %s | %.1f | %s | %.0f | %s / %s | %s / %s / %s / %s | %s | %s | %s | %s | %s |%n",
                    e.getKey(),
                    r.get("connected"),
                    (Double) r.get("connect_seconds"),
                    r.getOrDefault("heap_per_subscriber_bytes", "–"),
                    ((Long) r.get("rss_bytes")) / 1048576.0,
                    f == null ? "–" : f.get("p50"),
                    f == null ? "–" : f.get("p99"),
                    l == null ? "–" : l.get("p50"),
                    l == null ? "–" : l.get("p90"),
                    l == null ? "–" : l.get("p99"),
                    l == null ? "–" : l.get("max"),
                    p == null
                            ? "–"
                            : p.get("p50") + " / " + p.get("p99")
                                    + (ps == null ? "" : " (" + ps.get("p50") + " / " + ps.get("p99") + ")"),
                    r.get("deliveries_per_s_overall"),
                    r.containsKey("target_cpu_us_per_delivery")
                            ? String.format("%.2f", (Double) r.get("target_cpu_us_per_delivery"))
                            : "–",
                    r.containsKey("generator_cpu_us_per_delivery")
                            ? String.format("%.2f", (Double) r.get("generator_cpu_us_per_delivery"))
                            : "–",
                    ((Number) r.getOrDefault("errors_missing_or_extra", 0L)).longValue()
                            + ((Number) r.getOrDefault("connect_failed", 0L)).longValue());
        }
        for (String t : new String[] {"ws", "sse"}) {
            if (!results.containsKey(t)) continue;
            for (String peer : new String[] {"mqtt", "nats", "floor"}) {
                if (!results.containsKey(peer)) continue;
                out.printf(
                        "ratio last-subscriber %s/%s: p50 %.2f, p99 %.2f%n",
                        t, peer, ratio(results, t, peer, "p50"), ratio(results, t, peer, "p99"));
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            Map<String, Object> r = e.getValue();
            if (r.containsKey("resumed_all_ms")) {
                out.printf(
                        "%s: resumed all in %s ms (%s failed), gaps %s, dups %s, event after resume reached all: %s%s%n",
                        e.getKey(),
                        r.get("resumed_all_ms"),
                        r.get("resume_failed"),
                        r.get("gaps"),
                        r.get("dups"),
                        r.get("after_resume_event_reached_all"),
                        r.containsKey("restart_ms") ? ", server restart " + r.get("restart_ms") + " ms" : "");
            }
        }
    }

    /**
     * A run with several groups of subscribers at once (mixed, or a cluster's nodes): one row per group
     * and one for all, each event's latency to the group's first and last subscriber.
     */
    @SuppressWarnings("unchecked")
    static void mixed(PrintStream out, Bench.Options o, Map<String, Map<String, Object>> results) {
        Map<String, Object> all = results.get("all");
        out.printf(
                "%n%s, %d events (+%d warm-up); held %s (failed %s) in %.1f s; server RSS %.0f MiB; load average %s → %s%n%n",
                o.nodes() > 1
                        ? o.subscribers() + " subscribers over " + o.nodes() + " nodes, scenario " + o.scenario()
                        : "mixed " + o.mix(),
                o.events(),
                o.warmup(),
                all.get("connected"),
                all.get("connect_failed"),
                (Double) all.get("connect_seconds"),
                ((Number) all.get("rss_bytes")).longValue() / 1048576.0,
                all.get("load_average"),
                all.get("load_average_after"));
        out.println(
                "| group | subscribers | first p50 / p99 ms | last p50 / p90 / p99 / max ms | deliveries | errors |");
        out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            Map<String, Object> r = e.getValue();
            Map<String, Object> f = (Map<String, Object>) r.get("first_ms"), l = (Map<String, Object>) r.get("last_ms");
            out.printf(
                    "| %s | %s | %s / %s | %s / %s / %s / %s | %s | %s |%n",
                    e.getKey(),
                    r.getOrDefault("subscribers", all.get("connected")),
                    f.get("p50"),
                    f.get("p99"),
                    l.get("p50"),
                    l.get("p90"),
                    l.get("p99"),
                    l.get("max"),
                    r.get("deliveries"),
                    r.get("errors_missing_or_extra"));
        }
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            Map<String, Object> r = e.getValue();
            if (!r.containsKey("sirens_inside")) continue;
            out.printf(
                    "%s sirens: %s of %s inside the alert get each command; outside got %s, wrong action %s, duplicates %s; "
                            + "retained on subscribe %s, acks %s, heartbeats %s (whole run); fleet after: %s%n",
                    e.getKey(),
                    r.get("sirens_inside"),
                    r.get("subscribers"),
                    r.get("commands_outside"),
                    r.get("commands_wrong_action"),
                    r.get("commands_duplicate"),
                    r.get("retained_on_subscribe"),
                    r.get("acks_sent"),
                    r.get("heartbeats_sent"),
                    r.getOrDefault("fleet", "–"));
        }
        Map<String, Object> p = (Map<String, Object>) all.get("post_ms");
        if (p != null) out.printf("POST p50 / p99: %s / %s ms%n", p.get("p50"), p.get("p99"));
        if (all.containsKey("target_cpu_us_per_delivery")) {
            out.printf(
                    "CPU per delivery: servers %.2f µs, load generators %s µs; gaps %s, dups %s%n",
                    (Double) all.get("target_cpu_us_per_delivery"),
                    all.containsKey("generator_cpu_us_per_delivery")
                            ? String.format("%.2f", (Double) all.get("generator_cpu_us_per_delivery"))
                            : "–",
                    all.get("gaps"),
                    all.get("dups"));
        }
    }

    @SuppressWarnings("unchecked")
    static double ratio(Map<String, Map<String, Object>> results, String a, String b, String p) {
        double x = ((Number) ((Map<String, Object>) results.get(a).get("last_ms")).get(p)).doubleValue();
        double y = ((Number) ((Map<String, Object>) results.get(b).get("last_ms")).get(p)).doubleValue();
        return y <= 0 ? Double.NaN : x / y;
    }
}
