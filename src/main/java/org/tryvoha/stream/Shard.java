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
  private final Map<String, List<Subscriber>> buckets = new HashMap<>();
  private final Set<Subscriber> all = new LinkedHashSet<>();
  private final List<Subscriber> leaving = new ArrayList<>();
  private boolean delivering;

  Shard(Fanout fanout, Context context) {
    this.fanout = fanout;
    this.context = context;
  }

  public Context context() {
    return context;
  }

  public int size() {
    return all.size();
  }

  void deliver(EncodedEvent e) {
    delivering = true;
    for (String zone : e.reach()) {
      List<Subscriber> subs = buckets.get(zone);
      if (subs == null) continue;
      for (int i = 0, n = subs.size(); i < n; i++) {
        Subscriber s = subs.get(i);
        if (s.mark == e.seq()) continue;
        s.mark = e.seq();
        s.offer(e);
      }
    }
    delivering = false;
    leaving.forEach(this::unindex);
    leaving.clear();
  }

  void heartbeat(long seq) {
    for (Subscriber s : List.copyOf(all)) s.writeHeartbeat(seq);
  }

  /** Anchors the subscriber at {@code anchors} (replacing earlier anchors). */
  void index(Subscriber s, List<String> anchors) {
    unindex(s);
    s.anchors = List.copyOf(anchors);
    for (String z : s.anchors) buckets.computeIfAbsent(z, k -> new ArrayList<>()).add(s);
    all.add(s);
  }

  void detach(Subscriber s) {
    if (delivering) leaving.add(s); // never change a bucket while iterating it
    else unindex(s);
    fanout.left(s);
  }

  private void unindex(Subscriber s) {
    for (String z : s.anchors) {
      List<Subscriber> subs = buckets.get(z);
      if (subs == null) continue;
      subs.remove(s);
      if (subs.isEmpty()) buckets.remove(z);
    }
    if (s.closed()) all.remove(s);
  }
}
