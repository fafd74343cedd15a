package org.tryvoha.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.config.Config;
import org.tryvoha.security.Redact;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PostgresAlertStore;

/**
 * What the HTTP routes need to know about this node (role, readiness checks, metrics), handed from
 * {@code App} to every event loop's router through the Vert.x instance's local shared data.
 *
 * @param checks component name → a blocking check returning its state (run on a worker thread)
 */
public record Node(Config.Cluster cluster, Metrics metrics, Map<String, Supplier<Check>> checks) implements Shareable {
    private static final String MAP = "tryvoha.node";

    /** One component's state: {@code up}, {@code degraded} (works, slower or with less redundancy) or {@code down}. */
    public record Check(String status, String detail) {
        public static Check up(String detail) {
            return new Check("up", detail);
        }

        public static Check degraded(String detail) {
            return new Check("degraded", detail);
        }

        public static Check down(String detail) {
            return new Check("down", detail);
        }
    }

    /** The readiness checks of a store and a bus: the store answers; the bus delivers (NATS down is degraded, not down). */
    public static Map<String, Supplier<Check>> checks(AlertStore store, EventBus bus) {
        Map<String, Supplier<Check>> checks = new LinkedHashMap<>();
        checks.put(
                "store",
                () -> Check.up(
                        store instanceof PostgresAlertStore pg
                                ? "postgres: " + pg.check()
                                : "sqlite: log head " + store.lastSeq()));
        checks.put("bus", () -> {
            if (!(bus instanceof NatsEventBus nats)) return Check.up("local");
            String d = "nats " + nats.connectionStatus() + ", stream " + nats.settings().stream() + ", applied "
                    + nats.applied();
            if (!nats.delivering()) return Check.down(d + ": the delivery thread is not running");
            return nats.connected()
                    ? Check.up(d)
                    : Check.degraded(d + ": events reach this node from the store every " + NatsEventBus.REPAIR_MILLIS
                            + " ms until NATS is back");
        });
        return checks;
    }

    /** For the start line: where the log is and what this node is (the password is never shown). */
    public static String describe(Config.Cluster c) {
        return "store postgres " + Redact.secrets(c.postgresUrl()) + ", bus " + c.bus() // no credentials
                + (c.nats() ? " " + Redact.secrets(c.natsUrl()) + " stream " + c.natsStream() : "") + ", node "
                + c.nodeId() + ", role " + c.role().name().toLowerCase();
    }

    public void register(Vertx vertx) {
        vertx.sharedData().getLocalMap(MAP).put("node", this);
    }

    /** The node registered on {@code vertx}, or null (a server wired without it). */
    public static Node of(Vertx vertx) {
        return (Node) vertx.sharedData().getLocalMap(MAP).get("node");
    }

    /** Runs every check; a check that throws counts as down. Blocking. */
    public Map<String, Check> runChecks() {
        Map<String, Check> out = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            try {
                out.put(name, check.get());
            } catch (RuntimeException e) {
                out.put(name, Check.down(e.getMessage()));
            }
        });
        return out;
    }
}
