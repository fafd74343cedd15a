package org.tryvoha.alert;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.event.Alert;
import org.tryvoha.state.ZoneState;

/**
 * Ends alerts whose expiry has passed, as {@code expired} events. It looks at the derived state
 * every tick, so alerts that expired while the server was down end right after it starts.
 */
public final class Expirer {
    private static final Logger log = LoggerFactory.getLogger(Expirer.class);
    public static final long TICK_MILLIS = 500;

    private final Vertx vertx;
    private final ZoneState state;
    private final AlertService service;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public Expirer(Vertx vertx, ZoneState state, AlertService service) {
        this.vertx = vertx;
        this.state = state;
        this.service = service;
    }

    public void start() {
        vertx.setPeriodic(TICK_MILLIS, id -> tick());
    }

    private void tick() {
        Instant now = service.now();
        for (Alert a : state.snapshot().alerts().values()) {
            if (a.expiresAt() == null || a.expiresAt().isAfter(now) || !inFlight.add(a.id())) continue;
            vertx.executeBlocking(() -> service.expireIfDue(a.id()), false).onComplete(ar -> {
                inFlight.remove(a.id());
                if (ar.failed())
                    log.warn("could not expire alert {}: {}", a.id(), ar.cause().toString());
            });
        }
    }
}
