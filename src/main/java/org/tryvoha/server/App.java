package org.tryvoha.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.alert.AlertService;
import org.tryvoha.alert.Expirer;
import org.tryvoha.state.ZoneState;
import org.tryvoha.auth.Keys;
import org.tryvoha.cap.Cap;
import org.tryvoha.bus.EventBus;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.bus.nats.NatsEventBus;
import org.tryvoha.metrics.Metrics;
import org.tryvoha.metrics.Node;
import org.tryvoha.config.Config;
import org.tryvoha.config.NetTransport;
import org.tryvoha.delivery.mqtt.MqttDelivery;
import org.tryvoha.delivery.webhook.WebhookSettings;
import org.tryvoha.delivery.webhook.WebhookStore;
import org.tryvoha.delivery.webhook.Webhooks;
import org.tryvoha.delivery.webpush.PushStore;
import org.tryvoha.delivery.webpush.WebPush;
import org.tryvoha.delivery.webpush.WebPushSettings;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.shelter.ShelterIndex;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.postgres.PostgresAlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.stream.Fanout;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.track.TrackFeed;
import org.tryvoha.zone.ZoneTree;

/** One Tryvoha server, wired by hand: store → zone state → bus → fan-out → HTTP. */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final AlertStore store;
  private final EventBus bus;
  private final Vertx vertx;
  private final int port;
  private MqttDelivery mqtt; // issue 7: closed first, so a shutdown is not mistaken for a lost broker
  private TrackFeed tracks; // issue 9: stopped before the store closes
  private org.tryvoha.track.TrackNats trackNats; // issue 9: track reports from NATS, when configured
  private Webhooks webhooks; // issue 7: stops retrying before Vert.x closes
  private WebPush push; // issue 7

  private App(AlertStore store, EventBus bus, Vertx vertx, int port) {
    this.store = store;
    this.bus = bus;
    this.vertx = vertx;
    this.port = port;
  }

  public int port() {
    return port;
  }

  public static App start(Config c, PrintStream out) throws Exception {
    return start(c, Config.resolveCluster(Config.Flags.none(), Config.ClusterFlags.none(), java.util.Map.of()), out);
  }

  /** issue 6: the store and bus chosen by {@code cluster} (SQLite + in-process, or PostgreSQL + NATS). */
  public static App start(Config c, Config.Cluster cluster, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    NetTransport.Choice transport = NetTransport.choose(c.settings()); // before anything is opened: a bad choice fails fast
    if (transport.fallback() != null) log.warn("transport {} ({})", transport.name(), transport.fallback());
    ZoneTree tree = loadZones(c);
    AlertStore store = openStore(c, cluster);
    Keys keys = new Keys(store.sql());
    ensureAdmin(keys, cluster).ifPresent(k -> printFirstStart(out, k));
    ZoneState state = rebuild(tree, store);

    Metrics metrics = new Metrics(cluster.nodeId());
    EventBus rawBus = openBus(cluster, store, state);
    EventBus bus = metrics.meter(rawBus);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(c.eventLoops()))
        .withTransport(transport.transport())
        .build();
    ZoneReach reach = new ZoneReach(tree);
    // issue 4: every event is signed once (Ed25519, key from the store or signing-key-file) for every channel
    org.tryvoha.signing.SigningSettings signing = org.tryvoha.signing.SigningSettings.from(c.settings());
    org.tryvoha.signing.EventSigner signer = org.tryvoha.signing.Signing.open(store, signing);
    org.tryvoha.signing.Signing.keepFresh(vertx, store, signing, signer);
    Fanout fanout = new Fanout(vertx, reach, state, store, signer);
    fanout.warmUp(); // the first alert after a start is signed and framed by warm code
    MqttDelivery mqtt = MqttDelivery.start(vertx, c.mqtt(), tree, state); // issue 7: mqtt, on its own context
    WebhookSettings hookSettings = WebhookSettings.from(c.settings()); // issue 7: webhooks, on their own context
    Webhooks webhooks = Webhooks.start(vertx, new WebhookStore(store.sql(), hookSettings.logKeep()), hookSettings, Clock.systemUTC());
    WebPush push = WebPush.start(vertx, new PushStore(store.sql()), WebPushSettings.from(c.settings()), Clock.systemUTC()); // issue 7: Web Push
    boolean delivers = cluster.role().writes(); // issue 7: webhooks and push go out from writer nodes only (edges would repeat them)
    mqtt.signWith(signer); // issue 4
    bus.subscribe(e -> {
      state.apply(e);
      EncodedEvent encoded = fanout.deliver(e);
      mqtt.onEvent(e); // only notes the change; never blocks
      if (delivers) webhooks.onEvent(encoded); // issue 7: queues per hook; never blocks
      if (delivers) push.onEvent(encoded); // issue 7: queues one push per subscription; never blocks for long
    });
    AlertService service = new AlertService(store, bus, Clock.systemUTC());
    // issue 4: operator accounts, the audit log, and the gate (role, scope, two-person rule) in front of AlertService
    org.tryvoha.auth.AuthSettings auth = org.tryvoha.auth.AuthSettings.from(c.settings());
    org.tryvoha.auth.Operators operators =
        new org.tryvoha.auth.Operators(store.sql(), tree, keys, Clock.systemUTC(), auth.keyIterations(), auth.keyCacheSeconds());
    org.tryvoha.audit.AuditLog audit = new org.tryvoha.audit.AuditLog(store.sql(), Clock.systemUTC());
    org.tryvoha.alert.AlertGate gate = new org.tryvoha.alert.AlertGate(service, store, tree,
        new org.tryvoha.alert.TwoPersonRule(tree, auth.approvalMaxOblasts(), auth.approvalTypes()), store.sql(), audit, auth.approvalTimeoutSeconds());
    Services services = new Services(c, tree, reach, state, store, service, keys, fanout, Cap.create(c.cap(), tree),
        ShelterIndex.load(c.sheltersFile(), tree), mqtt, new TrackFeed(tree, gate, operators, Clock.systemUTC(), c.tracks(),
            org.tryvoha.track.EarlyWarning.from(c.settings())), operators, gate, audit, // issue 9: early warning
        new org.tryvoha.history.Statistics(tree, new org.tryvoha.history.HistoryStore(store.sql()), Clock.systemUTC()), // issue 8: history statistics
        webhooks, push, // issue 7
        signer, new org.tryvoha.security.Guard(org.tryvoha.security.SecuritySettings.from(c.settings()))); // issue 4: limits, headers, TLS
    metrics.bindFanout(fanout);
    metrics.bindAppliedSeq(() -> state.snapshot().seq());
    if (rawBus instanceof NatsEventBus nats) metrics.bindNats(nats);
    new Node(cluster, metrics, Node.checks(store, rawBus)).register(vertx);

    vertx.executeBlocking(() -> services.stats().warm(), false); // issue 8: build the history index before the first query
    int port = deployHttp(vertx, services);
    if (cluster.role().writes()) new Expirer(vertx, state, service).start(); // edge nodes write nothing
    if (cluster.role().writes()) org.tryvoha.alert.PendingExpirer.start(vertx, gate); // issue 4: held alerts time out
    out.println("Tryvoha listening on " + (services.guard().settings().tls() ? "https" : "http") + "://" + displayHost(c.host()) + ":" + port + " (" + tree.size() + " zones, "
        + state.snapshot().seq() + " events, " + (cluster.postgres() ? Node.describe(cluster) : "data in " + c.dataDir().toAbsolutePath().normalize()) + ", started in "
        + (System.nanoTime() - t0) / 1_000_000 + " ms, transport: " + transport.name() + ", native transport: " + vertx.isNativeTransportEnabled() + ")");
    out.flush();
    App app = new App(store, bus, vertx, port);
    app.mqtt = mqtt; // issue 7: mqtt
    app.tracks = services.tracks(); // issue 9
    if (cluster.role().writes()) app.trackNats = org.tryvoha.track.TrackNats.start( // issue 9: NATS track subject, off unless set
        org.tryvoha.track.TrackNats.Settings.from(c.settings()), services.tracks(), operators);
    app.webhooks = webhooks; // issue 7
    app.push = push; // issue 7
    return app;
  }

  private static void printFirstStart(PrintStream out, Keys.Created k) {
    out.println("First start: created the operator key 'admin'. It is shown only this once; keep it safe:");
    out.println("  admin key: " + k.secret());
    out.println("  (use it as: curl -H 'Authorization: Bearer " + k.secret() + "' ...; more keys: ./tryvoha keys create)");
  }

  /** The zone state derived from the whole event log. */
  private static ZoneState rebuild(ZoneTree tree, AlertStore store) {
    ZoneState state = new ZoneState(tree);
    long r0 = System.nanoTime();
    state.rebuild(sink -> store.forEachEvent(0, sink));
    log.info("zone state rebuilt from {} events in {} ms", state.snapshot().seq(), (System.nanoTime() - r0) / 1_000_000);
    return state;
  }

  /** The in-process bus, or NATS JetStream resuming after the state's last event. */
  private static EventBus openBus(Config.Cluster cluster, AlertStore store, ZoneState state) {
    return cluster.nats()
        ? NatsEventBus.open(new NatsEventBus.Settings(cluster.natsUrl(), cluster.natsStream(), cluster.nodeId()), store, state.snapshot().seq())
        : new LocalEventBus();
  }

  /** One HTTP verticle per event loop, all on one port; returns the port. */
  private static int deployHttp(Vertx vertx, Services services) throws Exception {
    Config c = services.config();
    int port = c.port() == 0 ? freePort() : c.port();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < c.eventLoops(); i++) deployed.add(vertx.deployVerticle(new HttpVerticle(services, port)));
    Future.all(deployed).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return port;
  }

  /** The store the settings name: SQLite in the data directory, or the shared PostgreSQL. */
  public static AlertStore openStore(Config c, Config.Cluster cluster) {
    if (!cluster.postgres()) return SqliteAlertStore.open(c.dataDir());
    return PostgresAlertStore.open(new PostgresAlertStore.Settings(cluster.postgresUrl(), cluster.postgresUser(),
        cluster.postgresPassword(), cluster.postgresPoolSize(), PostgresAlertStore.DEFAULT_STATEMENT_TIMEOUT_MILLIS,
        PostgresAlertStore.DEFAULT_RETRY_MILLIS));
  }

  /** Nodes sharing a database may start together: the one that loses the race for 'admin' goes on. */
  private static java.util.Optional<Keys.Created> ensureAdmin(Keys keys, Config.Cluster cluster) {
    try {
      return keys.ensureAdmin();
    } catch (IllegalArgumentException e) {
      if (!cluster.postgres()) throw e;
      return java.util.Optional.empty();
    }
  }

  /** The zone tree the settings name (the bundled one by default). */
  public static ZoneTree loadZones(Config c) throws IOException {
    if (c.zonesFile() == null) return ZoneTree.loadDefault(c.shelter());
    try (InputStream in = Files.newInputStream(c.zonesFile())) {
      return ZoneTree.load(in, c.shelter());
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

  @Override
  public void close() {
    if (mqtt != null) mqtt.close();
    if (trackNats != null) trackNats.close();
    if (tracks != null) tracks.close();
    if (webhooks != null) webhooks.close();
    if (push != null) push.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("vert.x did not close cleanly: {}", e.toString());
    }
    bus.close();
    store.close();
  }
}
