package org.tryvoha.stream;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of one event loop, grouped by anchor zone. Every method runs on that loop, so
 * delivery to its subscribers needs no lock; an event reaches each shard as one task.
 */
public final class Shard {
  final Fanout fanout;
  final Context context;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final DeliveryLatency latency;
  private final Set<Subscriber> all = new LinkedHashSet<>();
  private final List<Subscriber> leaving = new ArrayList<>();
  private boolean delivering;

  Shard(Fanout fanout, Context context) {
    this.fanout = fanout;
    this.context = context;
    this.latency = fanout.latency;
  }

  public Context context() {
    return context;
  }

  public int size() {
    return all.size();
  }

  void deliver(EncodedEvent e) {
    delivering = true;
    long seq = e.seq();
    int sse = 0, ws = 0;
    for (String zone : e.reach()) {
      Bucket b = buckets.get(zone);
      if (b == null) continue;
      Subscriber[] subs = b.subs;
      for (int i = 0, n = b.size; i < n; i++) {
        Subscriber s = subs[i];
        if (s.mark == seq) continue;
        s.mark = seq;
        if (s.offer(e)) {
          if (s instanceof SseSubscriber) sse++;
          else ws++;
        }
      }
    }
    delivering = false;
    if (sse > 0) latency.record("sse", e, sse);
    if (ws > 0) latency.record("ws", e, ws);
    leaving.forEach(this::unindex);
    leaving.clear();
  }

  void heartbeat(long seq) {
    for (Subscriber s : List.copyOf(all)) s.writeHeartbeat(seq);
  }

  /** Anchors the subscriber at {@code anchors} (replacing earlier anchors). */
  void index(Subscriber s, List<String> anchors) {
    unindex(s);
    s.anchor(anchors);
    for (int k = 0; k < s.anchors.size(); k++) buckets.computeIfAbsent(s.anchors.get(k), z -> new Bucket()).add(s, k);
    all.add(s);
  }

  void detach(Subscriber s) {
    if (delivering) leaving.add(s); // never change a bucket while iterating it
    else unindex(s);
    fanout.left(s);
  }

  private void unindex(Subscriber s) {
    for (int k = 0; k < s.anchors.size(); k++) {
      Bucket b = s.buckets[k];
      if (b == null) continue;
      b.remove(s, k);
      if (b.size == 0) buckets.remove(s.anchors.get(k));
    }
    if (s.closed()) all.remove(s);
  }
}
