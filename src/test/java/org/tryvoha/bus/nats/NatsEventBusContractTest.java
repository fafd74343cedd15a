package org.tryvoha.bus.nats;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.EventBusContract;
import org.tryvoha.event.EventLog;

/**
 * The event-bus contract on NATS JetStream, against the NATS of this machine (fails saying how to
 * start it when it is down): two nodes per test on a stream of the test's own, deleted afterwards.
 */
class NatsEventBusContractTest extends EventBusContract {
    private String url;
    private String stream;

    @BeforeEach
    void uniqueStream() {
        url = NatsTestSupport.sharedUrl();
        stream = NatsTestSupport.uniqueStream("CONTRACT");
    }

    @Override
    protected EventBus openNode(String name, EventLog log) {
        return NatsEventBus.open(new NatsEventBus.Settings(url, stream, name), log, 0);
    }

    @Override
    protected int maxNodes() {
        return 2;
    }

    @Override
    protected Duration settle() {
        // a duplicate would come within milliseconds, an event from the event log at the next repair
        return Duration.ofMillis(NatsEventBus.REPAIR_MILLIS + 500);
    }

    @Override
    protected void afterNodesClosed() {
        if (url != null) NatsTestSupport.deleteStream(url, stream);
    }
}
