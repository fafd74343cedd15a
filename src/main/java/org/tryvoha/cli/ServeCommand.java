package org.tryvoha.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tryvoha.auth.AuthOptions;
import org.tryvoha.config.Config;
import org.tryvoha.delivery.OutboundOptions;
import org.tryvoha.delivery.mobile.MobileOptions;
import org.tryvoha.delivery.mqtt.MqttOptions;
import org.tryvoha.delivery.webhook.WebhookOptions;
import org.tryvoha.delivery.webpush.WebPushOptions;
import org.tryvoha.history.StatsOptions;
import org.tryvoha.security.SecurityOptions;
import org.tryvoha.server.App;
import org.tryvoha.track.TrackOptions;
import org.tryvoha.zone.CountryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the server (SQLite event log, in-process bus).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    // Each feature adds its options as a picocli @Mixin here and reads them through Config.settings().
    @Option(names = "--config", description = "Settings file (see tryvoha.conf.sample); env TRYVOHA_CONFIG")
    Path config;

    @Option(names = "--host", description = "Listen address (default 0.0.0.0); env TRYVOHA_HOST")
    String host;

    @Option(names = "--port", description = "HTTP port, 0 for any free one (default 8080); env TRYVOHA_PORT")
    Integer port;

    @Option(
            names = "--public-url",
            description = "The server's external base URL for the absolute links it writes (the Atom feed), e.g."
                    + " https://alerts.example.org (default http://<host or 127.0.0.1>:<port>); env TRYVOHA_PUBLIC_URL")
    String publicUrl;

    @Option(names = "--data-dir", description = "Where tryvoha.db lives (default ./data); env TRYVOHA_DATA_DIR")
    Path dataDir;

    @Option(
            names = "--zones-file",
            description = "GeoJSON zones instead of the bundled Ukraine set; env TRYVOHA_ZONES_FILE")
    Path zonesFile;

    @Option(
            names = "--shelter-seconds",
            description = "Default time to shelter (default 90); env TRYVOHA_SHELTER_SECONDS")
    Integer shelter;

    @Option(names = "--heartbeat-seconds", description = "Stream heartbeat interval (default 15)")
    Integer heartbeat;

    @Option(names = "--max-body-bytes", description = "Largest request body (default 1048576)")
    Integer maxBody;

    @Option(
            names = "--subscriber-queue-bytes",
            description = "Unsent bytes before a slow subscriber is dropped (default 262144)")
    Integer queue;

    @Option(names = "--event-loops", description = "Event-loop threads (default: cores)")
    Integer loops;

    @Option(
            names = "--transport",
            description =
                    "Network transport: epoll (default; nio where epoll is unavailable), io_uring (experimental) or nio; env TRYVOHA_TRANSPORT")
    String transport; // read through Config.settings()

    @Option(
            names = "--cap-sender",
            description = "CAP <sender> of exported messages (default tryvoha@localhost); env TRYVOHA_CAP_SENDER")
    String capSender;

    @Option(
            names = "--cap-signature-policy",
            description =
                    "allow-unsigned (default), require-signature or require-trusted; env TRYVOHA_CAP_SIGNATURE_POLICY")
    String capPolicy;

    @Option(
            names = "--cap-trusted-certs",
            description = "Directory of trusted PEM certificates for CAP signatures; env TRYVOHA_CAP_TRUSTED_CERTS")
    Path capCerts;

    @Option(
            names = "--shelters-file",
            description =
                    "Shelter points, CSV or GeoJSON (default: bundled Kyiv sample; none: off); env TRYVOHA_SHELTERS_FILE")
    String sheltersFile;

    @Option(
            names = "--basemap-url",
            description =
                    "Map tile URL template, e.g. https://tile.example/{z}/{x}/{y}.png (default: none); env TRYVOHA_BASEMAP_URL")
    String basemapUrl;

    @Option(
            names = "--basemap-attribution",
            description = "Attribution shown with the basemap; env TRYVOHA_BASEMAP_ATTRIBUTION")
    String basemapAttribution;

    // cluster: where the log lives and how nodes hear of it
    @Option(names = "--store", description = "sqlite|postgres (default sqlite); env TRYVOHA_STORE")
    String store;

    @Option(
            names = "--postgres-url",
            description = "JDBC URL (default jdbc:postgresql://127.0.0.1:5432/tryvoha); env TRYVOHA_POSTGRES_URL")
    String pgUrl;

    @Option(names = "--postgres-user", description = "Database user (default tryvoha); env TRYVOHA_POSTGRES_USER")
    String pgUser;

    @Option(
            names = "--postgres-password",
            description = "Database password (prefer env TRYVOHA_POSTGRES_PASSWORD: flags show in ps)")
    String pgPassword;

    @Option(
            names = "--postgres-pool-size",
            description = "Connections per node (default 10); env TRYVOHA_POSTGRES_POOL_SIZE")
    Integer pgPool;

    @Option(names = "--bus", description = "local|nats (default local; nats needs store postgres); env TRYVOHA_BUS")
    String bus;

    @Option(
            names = "--nats-url",
            description = "NATS server(s), comma-separated (default nats://127.0.0.1:4222); env TRYVOHA_NATS_URL")
    String natsUrl;

    @Option(names = "--nats-stream", description = "JetStream stream name (default TRYVOHA); env TRYVOHA_NATS_STREAM")
    String natsStream;

    @Option(
            names = "--node-id",
            description = "This node's name in logs and metrics (default host-pid); env TRYVOHA_NODE_ID")
    String nodeId;

    @Option(
            names = "--role",
            description = "writer|edge|both (default both): edge nodes refuse operator writes; env TRYVOHA_ROLE")
    String role;

    @Mixin
    CountryOptions country; // time zone, languages, level names, two-person region level

    @Mixin
    MqttOptions mqtt; // MQTT, sirens

    @Mixin
    TrackOptions trackOptions;

    @Mixin
    AuthOptions auth; // operator keys, two-person rule

    @Mixin
    WebhookOptions webhooks;

    @Mixin
    WebPushOptions push;

    @Mixin
    MobileOptions mobile; // FCM, APNs

    @Mixin
    OutboundOptions outbound; // where webhooks and push may connect

    @Mixin
    SecurityOptions security; // limits, TLS, CORS, signing keys

    @Mixin
    StatsOptions stats; // statistics range

    @Override
    public Integer call() throws Exception {
        Config.Flags flags =
                new Config.Flags(config, host, port, dataDir, zonesFile, shelter, heartbeat, maxBody, queue, loops);
        Config c = Config.resolve(flags, given(), System.getenv());
        Config.Cluster cluster = Config.resolveCluster(
                flags,
                new Config.ClusterFlags(
                        store, pgUrl, pgUser, pgPassword, pgPool, bus, natsUrl, natsStream, nodeId, role),
                System.getenv());
        App app = App.start(c, cluster, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Every option given on the command line by its long name without dashes, for {@link Config#settings()}. */
    private Map<String, String> given() {
        Map<String, String> out = new HashMap<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            Object v = o.getValue();
            if (v != null) out.put(o.longestName().replaceFirst("^--", ""), v.toString());
        }
        return out;
    }
}
