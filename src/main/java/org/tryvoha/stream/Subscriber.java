package org.tryvoha.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.state.ZoneState;
import org.tryvoha.state.ZoneStatus;
import org.tryvoha.zone.Zone;

/**
 * One live connection (SSE or WebSocket) and the zones it listens to.
 *
 * <p>Confined to its shard's event loop: every method runs there, so no field needs a lock. While it
 * catches up (state or replay being sent) live events wait in a bounded queue; afterwards each event
 * is written at once, and a connection whose write queue stays full is closed with a reason.
 *
 * <p>Exercise and test alerts (drills) reach only a subscriber that opted in ({@link #drills}); for
 * every other one they do not exist: not in its state, its replay, or its live events.
 */
public abstract class Subscriber {
    /** Live events a catching-up subscriber may hold before it is dropped. */
    static final int MAX_PENDING = 10_000;

    private static final Bucket[] NO_BUCKETS = {};
    private static final int[] NO_SLOTS = {};

    final Shard shard;
    final String channel;
    List<String> anchors = List.of();
    Bucket[] buckets = NO_BUCKETS; // buckets[k] holds this subscriber for anchors.get(k), at slots[k]
    int[] slots = NO_SLOTS;
    long mark = -1; // the last batch the shard collected this subscriber into (dedupe across buckets)
    long batchMask; // bit i: event i of that batch concerns this subscriber
    boolean drills; // opted in to exercise and test alerts
    long lastSent;
    private boolean live;
    private boolean started;
    private boolean closed;
    private final ArrayDeque<EncodedEvent> pending = new ArrayDeque<>();

    protected Subscriber(Shard shard, String channel) {
        this.shard = shard;
        this.channel = channel;
    }

    /** Writes one event frame (already encoded). */
    protected abstract void writeEvent(EncodedEvent e);

    /** Writes a control message (state, replay marker, heartbeat, error) as JSON. */
    protected abstract void writeControl(String type, long seq, String json);

    /** Writes the shard's heartbeat, framed once for all its subscribers, and flushes. */
    protected abstract void writeHeartbeat(Heartbeat beat);

    protected abstract boolean writeQueueFull();

    /** Hands what was written to the socket; events are written without flushing, one flush per batch. */
    protected void flush() {}

    /** Ends the connection, telling the client why when the channel allows. */
    protected abstract void end(String reason);

    /** Writes the event now, unflushed (true), or holds it while catching up, or drops a duplicate or a drill it did not opt in to (false). */
    boolean offer(EncodedEvent e) {
        if (closed || !accepts(e)) return false;
        if (!live) {
            if (pending.size() >= MAX_PENDING)
                close("too many events arrived while catching up; reconnect with Last-Event-ID");
            else pending.add(e);
            return false;
        }
        if (e.seq() <= lastSent) return false;
        writeEvent(e);
        lastSent = e.seq();
        return true;
    }

    /**
     * Flushes what {@link #offer} wrote, unless more than the connection's queue of what was flushed
     * before still waits for the socket: then the peer is not reading fast enough and the connection is
     * closed with a reason. The check looks at earlier flushes, not at this one: with io_uring a flushed
     * write is counted as waiting until its completion comes back in a later loop round, so a check
     * right after the flush would take a large batch on its way to a healthy reader for a backlog.
     */
    void flushAndCheck() {
        if (closed) return;
        if (writeQueueFull())
            close("slow consumer: the connection could not keep up; reconnect with Last-Event-ID " + lastSent);
        else flush();
    }

    /** A real alert, or a drill for a subscriber that opted in to drills. */
    boolean accepts(EncodedEvent e) {
        return e.real() || drills;
    }

    /** Replaces the anchors; the shard fills {@link #buckets} and {@link #slots} next. */
    void anchor(List<String> zones) {
        anchors = List.copyOf(zones);
        buckets = anchors.isEmpty() ? NO_BUCKETS : new Bucket[anchors.size()];
        slots = anchors.isEmpty() ? NO_SLOTS : new int[anchors.size()];
    }

    /** The index of {@code b} in {@link #buckets} (a connection has at most 100 anchors). */
    int slotOf(Bucket b) {
        for (int k = 0; k < buckets.length; k++) if (buckets[k] == b) return k;
        throw new IllegalStateException("subscriber is not in the bucket");
    }

    void catchingUp() {
        live = false;
        started = true;
    }

    /** True between an attach and the end of its state or replay. */
    boolean isCatchingUp() {
        return started && !live;
    }

    void goLive() {
        live = true;
        while (!pending.isEmpty() && !closed) offer(pending.poll());
        flushAndCheck();
    }

    void sendState(ZoneState.Snapshot s) {
        List<ZoneStatus> zones = new ArrayList<>();
        for (String id : anchors)
            shard.fanout.reach.tree().get(id).map(z -> s.status(z, drills)).ifPresent(zones::add);
        writeControl("state", s.seq(), EncodedEvent.toJson(new StateMessage("state", s.seq(), zones)));
        lastSent = Math.max(lastSent, s.seq());
    }

    /** The current state of the subscriber's zones at one sequence number. */
    public record StateMessage(String type, long seq, List<ZoneStatus> zones) {}

    public boolean closed() {
        return closed;
    }

    public List<String> anchors() {
        return anchors;
    }

    /** Closes with a reason and leaves the shard. */
    public void close(String reason) {
        if (closed) return;
        closed = true;
        pending.clear();
        end(reason);
        shard.detach(this);
    }

    /** The peer went away: leave the shard quietly. */
    public void gone() {
        if (closed) return;
        closed = true;
        pending.clear();
        shard.detach(this);
    }

    static boolean isLeaf(Zone z) {
        return z.children().isEmpty();
    }
}
