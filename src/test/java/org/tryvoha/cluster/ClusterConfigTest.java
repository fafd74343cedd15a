package org.tryvoha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.config.Config;

class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreOneEmbeddedNodeThatDoesEverything() {
        Config.Cluster c = Config.resolveCluster(Config.Flags.none(), Config.ClusterFlags.none(), Map.of());
        assertThat(c.store()).isEqualTo("sqlite");
        assertThat(c.bus()).isEqualTo("local");
        assertThat(c.role()).isEqualTo(Config.Role.BOTH);
        assertThat(c.natsStream()).isEqualTo(Config.DEFAULT_NATS_STREAM);
        assertThat(c.nodeId()).isNotBlank();
    }

    @Test
    void flagBeatsEnvironmentBeatsFileAndThePasswordIsNeverShown() throws Exception {
        Path file = dir.resolve("tryvoha.conf");
        Files.writeString(file, "store = postgres\npostgres-password = from-file\nrole = edge\nnats-stream = FILE\n");
        Config.Flags f = new Config.Flags(file, null, null, null, null, null, null, null, null, null);
        Config.ClusterFlags cf = new Config.ClusterFlags(null, null, null, null, null, "nats", null, null, "n7", null);
        Config.Cluster c =
                Config.resolveCluster(f, cf, Map.of("TRYVOHA_POSTGRES_PASSWORD", "from-env", "TRYVOHA_ROLE", "writer"));
        assertThat(c.postgres()).isTrue();
        assertThat(c.nats()).isTrue();
        assertThat(c.postgresPassword()).isEqualTo("from-env");
        assertThat(c.role()).isEqualTo(Config.Role.WRITER);
        assertThat(c.natsStream()).isEqualTo("FILE");
        assertThat(c.nodeId()).isEqualTo("n7");
        assertThat(c.toString()).doesNotContain("from-env").contains("postgresPassword=***");
    }

    @Test
    void refusesNatsWithoutPostgresAndUnknownValues() {
        Config.Flags none = Config.Flags.none();
        assertThatThrownBy(() -> Config.resolveCluster(none, Config.ClusterFlags.none(), Map.of("TRYVOHA_BUS", "nats")))
                .hasMessageContaining("bus = nats needs store = postgres");
        assertThatThrownBy(
                        () -> Config.resolveCluster(none, Config.ClusterFlags.none(), Map.of("TRYVOHA_ROLE", "boss")))
                .hasMessageContaining("role must be one of writer|edge|both");
        assertThatThrownBy(
                        () -> Config.resolveCluster(none, Config.ClusterFlags.none(), Map.of("TRYVOHA_STORE", "mysql")))
                .hasMessageContaining("store must be one of sqlite|postgres");
        assertThatThrownBy(() ->
                        Config.resolveCluster(none, Config.ClusterFlags.none(), Map.of("TRYVOHA_NATS_STREAM", "a.b")))
                .hasMessageContaining("nats-stream");
    }
}
