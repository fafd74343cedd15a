package org.tryvoha.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Server settings. Each has a default constant, an environment variable {@code TRYVOHA_<NAME>}, a
 * {@code --name} flag and a commented line in {@code tryvoha.conf.sample}; a flag beats the
 * environment, which beats the config file ({@code --config} / {@code TRYVOHA_CONFIG}), which beats
 * the default.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        Path zonesFile,
        int heartbeatSeconds,
        int maxBodyBytes,
        int subscriberQueueBytes,
        int eventLoops,
        Source settings) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_HEARTBEAT_SECONDS = 15;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_SUBSCRIBER_QUEUE_BYTES = 256 * 1024;

    /**
     * The core settings (where the server listens and keeps its data, and the stream limits) as the
     * command line gave them (null = not given). Every feature reads its own settings by name through
     * {@link #settings()} ({@link Source}), as {@code XSettings.from(config.settings())}.
     */
    public record Flags(
            Path config,
            String host,
            Integer port,
            Path dataDir,
            Path zonesFile,
            Integer shelterSeconds,
            Integer heartbeatSeconds,
            Integer maxBodyBytes,
            Integer subscriberQueueBytes,
            Integer eventLoops) {
        public static Flags none() {
            return new Flags(null, null, null, null, null, null, null, null, null, null);
        }

        /** The flags given as settings by name, so {@link Source} sees them too. */
        Map<String, String> byName() {
            Map<String, String> out = new HashMap<>();
            if (zonesFile != null) out.put("zones-file", zonesFile.toString());
            if (shelterSeconds != null) out.put("shelter-seconds", shelterSeconds.toString());
            return out;
        }
    }

    public static Config resolve(Flags f, Map<String, String> env) {
        return resolve(f, Map.of(), env);
    }

    /**
     * @param given every option the command line gave, by its long name without the dashes ({@code
     *     "webhook-timeout-seconds" -> "5"}); features added after the {@link Flags} record read theirs
     *     through {@link #settings()}
     */
    public static Config resolve(Flags f, Map<String, String> given, Map<String, String> env) {
        Path file = f.config() != null
                ? f.config()
                : env.containsKey("TRYVOHA_CONFIG") ? Path.of(env.get("TRYVOHA_CONFIG")) : null;
        Properties p = file == null ? new Properties() : read(file);
        Resolver r = new Resolver(p, env);
        String zones = r.text(
                "zones-file", f.zonesFile() == null ? null : f.zonesFile().toString(), null);
        Map<String, String> named = f.byName();
        named.putAll(given);
        Source source = new Source(Map.copyOf(named), r);
        return new Config(
                r.text("host", f.host(), DEFAULT_HOST),
                r.number("port", f.port(), DEFAULT_PORT, 0, 65535),
                Path.of(r.text(
                        "data-dir", f.dataDir() == null ? null : f.dataDir().toString(), DEFAULT_DATA_DIR)),
                zones == null ? null : Path.of(zones),
                r.number("heartbeat-seconds", f.heartbeatSeconds(), DEFAULT_HEARTBEAT_SECONDS, 1, 3600),
                r.number("max-body-bytes", f.maxBodyBytes(), DEFAULT_MAX_BODY_BYTES, 1024, 64 << 20),
                r.number(
                        "subscriber-queue-bytes",
                        f.subscriberQueueBytes(),
                        DEFAULT_SUBSCRIBER_QUEUE_BYTES,
                        4096,
                        64 << 20),
                r.number("event-loops", f.eventLoops(), Runtime.getRuntime().availableProcessors(), 1, 256),
                source);
    }

    /**
     * Settings read by name, for each feature's own settings record: a {@code --name} flag beats
     * {@code TRYVOHA_NAME} in the environment, which beats {@code name} in the config file, which
     * beats the default. Errors name the setting and say what it must be.
     */
    public static final class Source {
        private final Map<String, String> given;
        private final Resolver r;

        private Source(Map<String, String> given, Resolver r) {
            this.given = given;
            this.r = r;
        }

        /** Only the defaults and this environment (tests). */
        public static Source of(Map<String, String> given, Map<String, String> env) {
            return new Source(Map.copyOf(given), new Resolver(new Properties(), env));
        }

        public String text(String name, String def) {
            return r.text(name, given.get(name), def);
        }

        public int number(String name, int def, int min, int max) {
            String v = given.get(name);
            return r.number(name, v == null ? null : r.integer(name, v), def, min, max);
        }

        /** {@code value} of the setting {@code name} as a whole number; the error names the setting. */
        public int integer(String name, String value) {
            return r.integer(name, value);
        }

        public boolean bool(String name, boolean def) {
            String v = text(name, Boolean.toString(def)).strip().toLowerCase();
            return switch (v) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
            };
        }

        public Path path(String name, Path def) {
            String v = text(name, def == null ? null : def.toString());
            return v == null ? null : Path.of(v);
        }

        /** The config file's keys that start with {@code prefix}, with the prefix removed ({@code role.scope.} style settings). */
        public Map<String, String> prefixed(String prefix) {
            Map<String, String> out = new TreeMap<>();
            for (String k : r.file().stringPropertyNames()) {
                if (k.startsWith(prefix))
                    out.put(
                            k.substring(prefix.length()),
                            r.file().getProperty(k).strip());
            }
            return out;
        }

        @Override
        public String toString() {
            return "Source[given=" + given.keySet() + "]";
        }
    }

    // ---- cluster settings (store, bus, node role), resolved like the others

    public static final String DEFAULT_STORE = "sqlite";
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/tryvoha";
    public static final String DEFAULT_POSTGRES_USER = "tryvoha";
    public static final int DEFAULT_POSTGRES_POOL_SIZE = 10;
    public static final String DEFAULT_BUS = "local";
    public static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
    public static final String DEFAULT_NATS_STREAM = "TRYVOHA";
    public static final String DEFAULT_ROLE = "both";

    /** What a node does: {@code writer} takes operator writes, {@code edge} serves subscribers, {@code both}. */
    public enum Role {
        WRITER,
        EDGE,
        BOTH;

        public boolean writes() {
            return this != EDGE;
        }
    }

    /**
     * Where the log lives and how nodes hear of it. {@code postgresPassword} is never logged (see
     * {@link #toString()}).
     */
    public record Cluster(
            String store,
            String postgresUrl,
            String postgresUser,
            String postgresPassword,
            int postgresPoolSize,
            String bus,
            String natsUrl,
            String natsStream,
            String nodeId,
            Role role) {
        public boolean postgres() {
            return store.equals("postgres");
        }

        public boolean nats() {
            return bus.equals("nats");
        }

        @Override
        public String toString() {
            return "Cluster[store=" + store + ", postgresUrl=" + postgresUrl + ", postgresUser=" + postgresUser
                    + ", postgresPassword=" + (postgresPassword == null ? "none" : "***") + ", bus=" + bus
                    + ", natsUrl=" + natsUrl
                    + ", natsStream=" + natsStream + ", nodeId=" + nodeId + ", role=" + role + "]";
        }
    }

    /** Cluster settings as the command line gave them (null = not given). */
    public record ClusterFlags(
            String store,
            String postgresUrl,
            String postgresUser,
            String postgresPassword,
            Integer postgresPoolSize,
            String bus,
            String natsUrl,
            String natsStream,
            String nodeId,
            String role) {
        public static ClusterFlags none() {
            return new ClusterFlags(null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** The cluster settings, from the same flags, environment and config file as {@link #resolve}. */
    public static Cluster resolveCluster(Flags f, ClusterFlags cf, Map<String, String> env) {
        Path file = f.config() != null
                ? f.config()
                : env.containsKey("TRYVOHA_CONFIG") ? Path.of(env.get("TRYVOHA_CONFIG")) : null;
        Resolver r = new Resolver(file == null ? new Properties() : read(file), env);
        String store = oneOf("store", r.text("store", cf.store(), DEFAULT_STORE), "sqlite", "postgres");
        String bus = oneOf("bus", r.text("bus", cf.bus(), DEFAULT_BUS), "local", "nats");
        if (bus.equals("nats") && !store.equals("postgres")) {
            throw new IllegalArgumentException(
                    "bus = nats needs store = postgres: every node must read the same event log");
        }
        String stream = r.text("nats-stream", cf.natsStream(), DEFAULT_NATS_STREAM);
        if (!stream.matches("[A-Za-z0-9_-]{1,64}"))
            throw new IllegalArgumentException(
                    "nats-stream must be 1-64 letters, digits, _ or -, got '" + stream + "'");
        return new Cluster(
                store,
                r.text("postgres-url", cf.postgresUrl(), DEFAULT_POSTGRES_URL),
                r.text("postgres-user", cf.postgresUser(), DEFAULT_POSTGRES_USER),
                r.text("postgres-password", cf.postgresPassword(), null),
                r.number("postgres-pool-size", cf.postgresPoolSize(), DEFAULT_POSTGRES_POOL_SIZE, 1, 500),
                bus,
                r.text("nats-url", cf.natsUrl(), DEFAULT_NATS_URL),
                stream,
                r.text("node-id", cf.nodeId(), defaultNodeId()),
                Role.valueOf(oneOf("role", r.text("role", cf.role(), DEFAULT_ROLE), "writer", "edge", "both")
                        .toUpperCase()));
    }

    private static String oneOf(String name, String value, String... allowed) {
        String v = value.strip().toLowerCase();
        if (!Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException(
                    name + " must be one of " + String.join("|", allowed) + ", got '" + value + "'");
        }
        return v;
    }

    /** host name and process id: unique on a machine, readable in logs. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private record Resolver(Properties file, Map<String, String> env) {
        String text(String name, String flag, String def) {
            if (flag != null) return flag;
            String e = env.get("TRYVOHA_" + name.toUpperCase().replace('-', '_'));
            if (e != null && !e.isBlank()) return e;
            String v = file.getProperty(name);
            return v != null && !v.isBlank() ? v.strip() : def;
        }

        int number(String name, Integer flag, int def, int min, int max) {
            int v = flag != null ? flag : integer(name, text(name, null, Integer.toString(def)));
            if (v < min || v > max)
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
            return v;
        }

        int integer(String name, String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + s + "'");
            }
        }
    }
}
