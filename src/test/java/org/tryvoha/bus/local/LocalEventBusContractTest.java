package org.tryvoha.bus.local;

import java.time.Duration;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.EventBusContract;
import org.tryvoha.event.EventLog;

/** The event-bus contract on the in-process bus: one node, handlers run before publish returns. */
class LocalEventBusContractTest extends EventBusContract {
    @Override
    protected EventBus openNode(String name, EventLog log) {
        return new LocalEventBus();
    }

    @Override
    protected int maxNodes() {
        return 1;
    }

    @Override
    protected Duration settle() {
        return Duration.ZERO; // delivery is over when publish returns
    }
}
