package org.tryvoha.stream;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of one event loop, grouped by anchor zone. Every method runs on that loop, so
 * delivery to its subscribers needs no lock; an event reaches each shard as one task.
 *
 * <p>Events are written in sequence order from a queue, at most {@link #WRITES_PER_TASK} writes per
 * loop task: a nationwide event to 19,000 connections must not hold the loop for tens of milliseconds
 * while an operator's 201, a new connection or a heartbeat waits behind it. The subscribers an event
 * goes to are collected when its turn comes (after the zone state applied it), so joining and leaving
 * in between never disturbs the iteration.
 */
public final class Shard {
  final Fanout fanout;
  final Context context;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final DeliveryLatency latency;
  private final Set<Subscriber> all = new LinkedHashSet<>();
  /** Writes one loop task makes before it yields to the loop's other work. */
  static final int WRITES_PER_TASK = 256;

  private final ArrayDeque<EncodedEvent> queue = new ArrayDeque<>();
  private Subscriber[] targets = new Subscriber[64];
  private int targetCount, cursor, sse, ws;
  private long startedNanos;
  private EncodedEvent current;
  private boolean scheduled;

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
    queue.add(e);
    if (!scheduled) drain();
  }

  private void drain() {
    scheduled = false;
    int budget = WRITES_PER_TASK;
    while (budget > 0) {
      if (current == null) {
        current = queue.poll();
        if (current == null) return;
        collect(current);
      }
      int end = Math.min(targetCount, cursor + budget);
      budget -= end - cursor;
      for (; cursor < end; cursor++) {
        Subscriber s = targets[cursor];
        targets[cursor] = null;
        if (s.offer(current)) {
          if (s instanceof SseSubscriber) sse++;
          else ws++;
        }
      }
      if (cursor == targetCount) finish();
    }
    if (current != null || !queue.isEmpty()) {
      scheduled = true;
      context.runOnContext(v -> drain());
    }
  }

  /** Every subscriber of the zones the event reaches, once each. */
  private void collect(EncodedEvent e) {
    long seq = e.seq();
    startedNanos = System.nanoTime();
    targetCount = cursor = sse = ws = 0;
    for (String zone : e.reach()) {
      Bucket b = buckets.get(zone);
      if (b == null) continue;
      if (targetCount + b.size > targets.length) targets = Arrays.copyOf(targets, Math.max(targets.length * 2, targetCount + b.size));
      Subscriber[] subs = b.subs;
      for (int i = 0, n = b.size; i < n; i++) {
        Subscriber s = subs[i];
        if (s.mark == seq) continue;
        s.mark = seq;
        targets[targetCount++] = s;
      }
    }
  }

  private void finish() {
    if (sse > 0) latency.record("sse", current, startedNanos, sse);
    if (ws > 0) latency.record("ws", current, startedNanos, ws);
    current = null;
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
    unindex(s); // a delivery in progress iterates its own copy of the targets
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
