package org.tryvoha.alert;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every few seconds, on a worker thread, marks held alerts whose time ran out as expired and held
 * updates whose alert changed as invalidated (each with an audit entry): changes made on another node
 * or by the expirer do not pass this node's gate, so they are noticed here.
 */
public final class PendingExpirer {
    private static final Logger log = LoggerFactory.getLogger(PendingExpirer.class);
    static final long PERIOD_MILLIS = 5_000;

    private PendingExpirer() {}

    public static void start(Vertx vertx, AlertGate gate) {
        vertx.setPeriodic(
                PERIOD_MILLIS,
                id -> vertx.executeBlocking(gate::settle, false)
                        .onSuccess(ids -> {
                            if (!ids.isEmpty()) log.info("held alerts timed out without approval: {}", ids);
                        })
                        .onFailure(t -> log.warn("could not expire held alerts: {}", t.toString())));
    }
}
