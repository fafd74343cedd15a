package org.tryvoha.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EventKind;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.AlertStore.StoreException;
import org.tryvoha.store.AlertStoreContract;

/**
 * The store contract against the real PostgreSQL of this machine, one fresh database per test (the
 * contract's {@code dir} names it), plus what only a shared server has: several independent stores
 * (as on several nodes) appending at once.
 */
class PostgresAlertStoreTest extends AlertStoreContract {
    private final Map<Path, PgTestDatabase> databases = new ConcurrentHashMap<>();

    @Override
    protected AlertStore newStore(Path dir) {
        return PostgresAlertStore.open(databases
                .computeIfAbsent(dir, d -> PgTestDatabase.create("tryvoha_contract"))
                .settings());
    }

    @AfterEach
    void dropDatabases() {
        store.close();
        databases.values().forEach(PgTestDatabase::close);
    }

    private PgTestDatabase db() {
        return databases.get(dir);
    }

    @Test
    void appendsFromSeveralNodesAtOnceGetEverySeqExactlyOnceInCommitOrder() throws Exception {
        int nodes = 3;
        int threadsPerNode = 3;
        int perThread = 30;
        List<AlertStore> stores = new ArrayList<>();
        for (int n = 0; n < nodes; n++) stores.add(PostgresAlertStore.open(db().settings()));
        Map<Long, String> bySeq = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes * threadsPerNode);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                for (int t = 0; t < threadsPerNode; t++) {
                    AlertStore s = stores.get(n);
                    String prefix = "n" + n + "t" + t + "-";
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            AlertEvent e =
                                    s.append(EventKind.ISSUED, alert(prefix + i, List.of("z"), T0), List.of(), T0, 0);
                            assertThat(bySeq.put(e.seq(), e.alert().id())).isNull();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
            stores.forEach(AlertStore::close);
        }
        long n = (long) nodes * threadsPerNode * perThread;
        assertThat(bySeq.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, n).boxed().toList());
        List<AlertEvent> log = store.events(0, (int) n + 1);
        assertThat(log)
                .extracting(AlertEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(log).allMatch(e -> bySeq.get(e.seq()).equals(e.alert().id()));
    }

    @Test
    void aFailedAppendGivesItsNumberBack() throws Exception {
        issue(alert("a", List.of("z"), T0));
        // a far-future time is refused inside the transaction, after log_head was incremented
        assertThatThrownBy(() -> issue(alert("b", List.of("z"), Instant.parse("+10000-01-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.lastSeq()).isEqualTo(1);
        assertThat(issue(alert("c", List.of("z"), T0)).seq()).isEqualTo(2);
    }

    @Test
    void refusesAnUnreachableDatabaseClearly() {
        var s = PostgresAlertStore.Settings.of("jdbc:postgresql://127.0.0.1:1/nowhere", "postgres", "s3cret-pw");
        assertThatThrownBy(() -> PostgresAlertStore.open(s))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageContaining("postgres-url")
                .hasMessageNotContaining("s3cret-pw");
        assertThat(s.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void refusesAUrlThatIsNotJdbcPostgres() {
        assertThatThrownBy(() -> PostgresAlertStore.Settings.of("postgres://u:pw@h/db", "u", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining(":pw@");
    }

    @Test
    void refusesASchemaNewerThanTheCode() throws Exception {
        issue(alert("a", List.of("z1"), T0));
        store.close();
        try (Connection c = db().connect();
                Statement st = c.createStatement()) {
            st.executeUpdate("""
          INSERT INTO flyway_schema_history
            (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
          VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, true)
          """);
        }
        assertThatThrownBy(() -> PostgresAlertStore.open(db().settings()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageMatching(
                        "(?s).*newer than this Tryvoha knows \\([0-9]+\\).*"); // the latest migration of this build
        // (others add theirs)
    }

    @Test
    void everyConnectionHasTheStatementTimeout() throws Exception {
        PostgresAlertStore s = (PostgresAlertStore) store;
        assertThat(s.check()).startsWith("log head 0");
        try (Connection c = db().connect();
                Statement st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tryvoha'")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
    }
}
