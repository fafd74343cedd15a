package org.tryvoha.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tryvoha.event.EncodedEvent;

/** A subscriber without a socket for tests: it records the sequence numbers of the events written to it. */
final class RecordingSubscriber extends Subscriber {
    final List<Long> events = new CopyOnWriteArrayList<>();

    RecordingSubscriber(Shard shard) {
        super(shard, "ws");
    }

    @Override
    protected void writeEvent(EncodedEvent e) {
        events.add(e.seq());
    }

    @Override
    protected void writeControl(String type, long seq, String json) {}

    @Override
    protected void writeHeartbeat(Heartbeat beat) {}

    @Override
    protected boolean writeQueueFull() {
        return false;
    }

    @Override
    protected void end(String reason) {}
}
