package org.tryvoha.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertService;
import org.tryvoha.alert.Expirer;
import org.tryvoha.alert.PendingExpirer;
import org.tryvoha.alert.TwoPersonRule;
import org.tryvoha.api.ApiFeature;
import org.tryvoha.audit.AuditCheckpoints;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.AuthSettings;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.Operators;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.cap.CapFeature;
import org.tryvoha.config.Config;
import org.tryvoha.config.NetTransport;
import org.tryvoha.config.PrivateFiles;
import org.tryvoha.delivery.mobile.MobileFeature;
import org.tryvoha.delivery.mqtt.MqttDelivery;
import org.tryvoha.delivery.webhook.WebhookFeature;
import org.tryvoha.delivery.webpush.PushFeature;
import org.tryvoha.feature.Feature;
import org.tryvoha.history.StatsFeature;
import org.tryvoha.metrics.NodeFeature;
import org.tryvoha.ops.OpsFeature;
import org.tryvoha.security.Guard;
import org.tryvoha.security.SecuritySettings;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.signing.Signing;
import org.tryvoha.signing.SigningRoutes;
import org.tryvoha.signing.SigningSettings;
import org.tryvoha.state.ZoneState;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PostgresAlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.stream.Fanout;
import org.tryvoha.stream.StreamFeature;
import org.tryvoha.track.TrackFeature;
import org.tryvoha.web.WebFeature;
import org.tryvoha.zone.CountrySettings;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/**
 * The composition root: the one place that knows every feature. It opens the store and the bus,
 * builds the core (zone state, fan-out, the alert service and its gate), then every feature in one
 * ordered list, mounts their routes in that order on each event loop and hands each committed
 * event to each of them in that order. Nothing else builds a feature.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Where the first start writes the admin key, in the data directory. */
    public static final String ADMIN_KEY_FILE = "admin-key";

    private final AlertStore store;
    private final EventBus bus;
    private final Vertx vertx;
    private final List<Feature> features;
    private final AuditLog audit;
    private final int port;

    private App(AlertStore store, EventBus bus, Vertx vertx, List<Feature> features, AuditLog audit, int port) {
        this.store = store;
        this.bus = bus;
        this.vertx = vertx;
        this.features = features;
        this.audit = audit;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public static App start(Config c, PrintStream out) throws Exception {
        return start(c, Config.resolveCluster(Config.Flags.none(), Config.ClusterFlags.none(), Map.of()), out);
    }

    /** The store and bus chosen by {@code cluster}: SQLite and in-process, or PostgreSQL and NATS. */
    public static App start(Config c, Config.Cluster cluster, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        Config.Source settings = c.settings();
        NetTransport.Choice transport =
                NetTransport.choose(settings); // before anything is opened: a bad choice fails fast
        if (transport.fallback() != null) log.warn("transport {} ({})", transport.name(), transport.fallback());
        ZoneTree tree = loadZones(c);
        AlertStore store = openStore(c, cluster);
        Keys keys = new Keys(store.sql());
        ensureAdmin(keys, cluster).ifPresent(k -> printFirstStart(out, c.dataDir(), k));
        ZoneState state = rebuild(tree, store);
        boolean writes = cluster.role().writes();

        NodeFeature node = new NodeFeature(cluster, store, openBus(cluster, store, state));
        EventBus bus = node.meter();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(c.eventLoops()))
                .withTransport(transport.transport())
                .build();
        ZoneReach reach = new ZoneReach(tree);
        // every event is signed once (Ed25519, key from the store or signing-key-file) for every channel
        SigningSettings signing = SigningSettings.from(settings);
        EventSigner signer = Signing.open(store, signing);
        Signing.keepFresh(vertx, store, signing, signer);
        Fanout fanout = new Fanout(vertx, reach, state, store, signer);
        fanout.warmUp(); // the first alert after a start is signed and framed by warm code

        AlertService service = new AlertService(store, bus, Clock.systemUTC());
        AuthSettings auth = AuthSettings.from(settings);
        Operators operators = new Operators(
                store.sql(),
                tree,
                keys,
                Clock.systemUTC(),
                auth.keyIterations(),
                auth.keyCacheSeconds(),
                auth.keyCheck());
        // the audit head is checkpointed, signed, in a file beside the data: truncation shows in `audit verify`
        AuditLog audit = new AuditLog(
                store.sql(),
                Clock.systemUTC(),
                AuditCheckpoints.writing(
                        c.dataDir().resolve(AuditCheckpoints.FILE_NAME), signer::key, Clock.systemUTC()));
        AlertGate gate = new AlertGate(
                service,
                store,
                tree,
                new TwoPersonRule(tree, auth.approvalMaxOblasts(), auth.approvalTypes()),
                store.sql(),
                audit,
                auth.approvalTimeoutSeconds());
        Guard guard = new Guard(SecuritySettings.from(settings));

        MqttDelivery mqtt = MqttDelivery.start(vertx, settings, tree, state, signer, operators);
        node.bindMqtt(mqtt);

        // The order of this list is the order of the routes (first match wins) and of the event handlers.
        List<Feature> features = List.of(
                guard, // security headers, CORS, rate limits: the first handler of every request
                new OpsFeature(operators, gate, audit, tree), // the audit recorder, then operators, approvals, audit
                node, // readiness, metrics, edge nodes refuse writes, a 503 naming a lost store
                WebFeature.create(
                        settings, tree, c.heartbeatSeconds()), // pages (its GET / before the server's JSON index)
                new SigningRoutes(signer),
                CapFeature.create(
                        vertx, settings, tree, reach, store, gate, operators,
                        signer), // before the API: GET /alerts/{id}.cap is CAP's
                new ApiFeature(vertx, store, reach, operators, gate, signer, tree, state),
                mqtt, // closed before Vert.x, so a shutdown is not taken for a lost broker
                WebhookFeature.start(
                        vertx,
                        settings,
                        store.sql(),
                        operators,
                        tree,
                        writes), // only writers send: edges would repeat them
                PushFeature.start(
                        vertx,
                        settings,
                        store.sql(),
                        tree,
                        writes,
                        fanout.reports(),
                        cluster.nats() ? natsSettings(cluster) : null), // with NATS every node takes a share
                MobileFeature.start(vertx, settings, store.sql(), tree, writes, fanout.reports()),
                TrackFeature.start(vertx, settings, tree, gate, operators, writes),
                StatsFeature.start(vertx, settings, store.sql(), tree),
                new StreamFeature(
                        fanout,
                        tree,
                        c.heartbeatSeconds(),
                        c.subscriberQueueBytes(),
                        guard.settings().maxZonesPerConnection(),
                        guard.settings().wsMessagesPerSecond()));
        bus.subscribe(new EventDispatcher(state, fanout, features));

        node.register(vertx, fanout, () -> state.snapshot().seq());

        int port = deployHttp(
                vertx,
                c,
                guard.settings(),
                features,
                () -> Map.of("status", "ok", "seq", state.snapshot().seq(), "subscribers", fanout.connected()));
        if (writes) new Expirer(vertx, state, service).start(); // edge nodes write nothing
        if (writes) PendingExpirer.start(vertx, gate); // held alerts time out
        out.println("Tryvoha listening on " + (guard.settings().tls() ? "https" : "http") + "://"
                + displayHost(c.host()) + ":" + port
                + " (" + tree.size() + " zones, " + state.snapshot().seq() + " events, "
                + (cluster.postgres()
                        ? NodeFeature.describe(cluster)
                        : "data in " + c.dataDir().toAbsolutePath().normalize())
                + ", started in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms, transport: " + transport.name() + ", native transport: "
                + vertx.isNativeTransportEnabled() + ")");
        out.flush();
        return new App(store, bus, vertx, features, audit, port);
    }

    /**
     * Writes the first-start admin key to {@code <data-dir>/admin-key} (0600, never overwriting; a
     * second name when one is left over) and prints only where it is: service logs capture stdout,
     * and a secret in a log is readable by whoever reads logs.
     */
    private static void printFirstStart(PrintStream out, Path dataDir, Keys.Created k) {
        Path file = writeAdminKey(dataDir, k.secret()).toAbsolutePath().normalize();
        out.println(
                "First start: created the operator key 'admin'. Its secret is in a file only this account can read:");
        out.println("  admin key file: " + file);
        out.println("  read it with: cat '" + file + "'   (keep the key safe, then delete the file)");
        out.println("  use it as: curl -H \"Authorization: Bearer $(cat '" + file
                + "')\" ...; more keys: ./tryvoha keys create");
    }

    /** The admin key, in a new private file in {@code dataDir}: {@code admin-key}, or {@code admin-key.2}… when taken. */
    static Path writeAdminKey(Path dataDir, String secret) {
        try {
            PrivateFiles.directory(dataDir);
            for (int n = 1; ; n++) {
                Path file = dataDir.resolve(n == 1 ? ADMIN_KEY_FILE : ADMIN_KEY_FILE + "." + n);
                try {
                    PrivateFiles.createNew(file, secret + "\n");
                    if (n > 1)
                        log.warn(
                                "{} already exists (left from an earlier first start?); the new admin key is in {}",
                                dataDir.resolve(ADMIN_KEY_FILE),
                                file);
                    return file;
                } catch (FileAlreadyExistsException taken) {
                    // never overwrite: it may be the only copy of a key still in use elsewhere
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write the first-start admin key to " + dataDir.resolve(ADMIN_KEY_FILE) + ": " + e
                            + "; the key 'admin' was created but its secret is lost: make the data directory writable,"
                            + " then revoke it and create another with ./tryvoha keys create",
                    e);
        }
    }

    /** The zone state derived from the whole event log. */
    private static ZoneState rebuild(ZoneTree tree, AlertStore store) {
        ZoneState state = new ZoneState(tree);
        long r0 = System.nanoTime();
        state.rebuild(sink -> store.forEachEvent(0, sink));
        log.info(
                "zone state rebuilt from {} events in {} ms",
                state.snapshot().seq(),
                (System.nanoTime() - r0) / 1_000_000);
        return state;
    }

    /** The in-process bus, or NATS JetStream resuming after the state's last event. */
    private static EventBus openBus(Config.Cluster cluster, AlertStore store, ZoneState state) {
        return cluster.nats()
                ? NatsEventBus.open(
                        natsSettings(cluster), store, state.snapshot().seq())
                : new LocalEventBus();
    }

    private static NatsEventBus.Settings natsSettings(Config.Cluster cluster) {
        return new NatsEventBus.Settings(cluster.natsUrl(), cluster.natsStream(), cluster.nodeId());
    }

    /** One HTTP verticle per event loop, all on one port; returns the port. */
    private static int deployHttp(
            Vertx vertx,
            Config c,
            SecuritySettings security,
            List<Feature> features,
            Supplier<Map<String, Object>> health)
            throws Exception {
        int port = c.port() == 0 ? freePort() : c.port();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < c.eventLoops(); i++)
            deployed.add(vertx.deployVerticle(new HttpVerticle(c, security, features, health, port)));
        Future.all(deployed).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return port;
    }

    /** The store the settings name: SQLite in the data directory, or the shared PostgreSQL. */
    public static AlertStore openStore(Config c, Config.Cluster cluster) {
        if (!cluster.postgres()) return SqliteAlertStore.open(c.dataDir());
        return PostgresAlertStore.open(new PostgresAlertStore.Settings(
                cluster.postgresUrl(),
                cluster.postgresUser(),
                cluster.postgresPassword(),
                cluster.postgresPoolSize(),
                PostgresAlertStore.DEFAULT_STATEMENT_TIMEOUT_MILLIS,
                PostgresAlertStore.DEFAULT_RETRY_MILLIS));
    }

    /** Nodes sharing a database may start together: the one that loses the race for 'admin' goes on. */
    private static Optional<Keys.Created> ensureAdmin(Keys keys, Config.Cluster cluster) {
        try {
            return keys.ensureAdmin();
        } catch (IllegalArgumentException e) {
            if (!cluster.postgres()) throw e;
            return Optional.empty();
        }
    }

    /** The zone tree the settings name (the bundled one by default), with its times to shelter and country settings. */
    public static ZoneTree loadZones(Config c) throws IOException {
        ShelterConfig shelter = ShelterConfig.from(c.settings());
        CountrySettings country = CountrySettings.from(c.settings()); // time zone, languages, level names
        if (c.zonesFile() == null) return ZoneTree.loadDefault(shelter, country);
        try (InputStream in = Files.newInputStream(c.zonesFile())) {
            return ZoneTree.load(in, shelter, country);
        }
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Features in reverse order (delivery first, so a shutdown is not taken for a lost peer), then Vert.x, bus, store. */
    @Override
    public void close() {
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).close();
            } catch (RuntimeException e) {
                log.warn(
                        "{} did not close cleanly: {}",
                        features.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("vert.x did not close cleanly: {}", e.toString());
        }
        bus.close();
        store.close(); // writes the audit entries still waiting for a transaction
        audit.close(); // then checkpoints the newest of them
    }
}
