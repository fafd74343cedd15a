package org.tryvoha.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.Sql;

/** {@link Sql#writeSoon} on SQLite: riding in the next write transaction, durable before it is done. */
class GroupCommitTest {
    @TempDir
    Path dir;

    AlertStore store;
    Sql sql;

    @BeforeEach
    void open() {
        store = SqliteAlertStore.open(dir);
        sql = store.sql();
        sql.write("test table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (n INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Sql.Work<Integer> insert(int n) {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (n) VALUES (?)")) {
                ps.setInt(1, n);
                ps.executeUpdate();
            }
            return n;
        };
    }

    List<Integer> notes(Sql on) {
        return on.read("notes", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT n FROM notes ORDER BY rowid")) {
                List<Integer> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getInt(1));
                return out;
            }
        });
    }

    @Test
    void aQueuedWriteIsWrittenOnItsOwnWhenNoOtherComes() throws Exception {
        assertThat(sql.writeSoon("note", insert(1)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(notes(sql)).containsExactly(1);
    }

    @Test
    void aQueuedWriteIsDoneWhenTheNextWriteHasCommitted() {
        CompletableFuture<Integer> soon = sql.writeSoon("note", insert(1));
        sql.write("other", insert(2));
        assertThat(soon).isCompletedWithValue(1); // carried by that write, or written just before it
        assertThat(notes(sql)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aQueuedWriteThatFailsDoesNotFailTheWriteThatCarriesIt() throws Exception {
        CompletableFuture<Integer> bad = sql.writeSoon("bad", c -> {
            insert(7).run(c);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO no_such_table VALUES (1)");
            }
            return 7;
        });
        CompletableFuture<Integer> good = sql.writeSoon("good", insert(3));
        sql.write("other", insert(2));
        assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no_such_table");
        assertThat(notes(sql)).containsExactlyInAnyOrder(2, 3); // 7 undone with its savepoint only
    }

    @Test
    void aQueuedWriteSurvivesACarrierThatRollsBack() throws Exception {
        CompletableFuture<Integer> soon = sql.writeSoon("note", insert(1));
        assertThatThrownBy(() -> sql.write("failing", c -> {
                    insert(2).run(c);
                    throw new SQLException("the carrier fails");
                }))
                .hasMessageContaining("the carrier fails");
        assertThat(soon.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(notes(sql)).containsExactly(1);
    }

    @Test
    void queuedWritesKeepTheirOrderAcrossCarriers() throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(sql.writeSoon("note", insert(i)));
            if (i % 7 == 0) sql.write("carrier", c -> null);
        }
        for (CompletableFuture<Integer> f : all) f.get(10, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) expected.add(i);
        assertThat(notes(sql)).containsExactlyElementsOf(expected);
    }

    @Test
    void closingWritesWhatIsQueued() throws Exception {
        CompletableFuture<Integer> soon = sql.writeSoon("note", insert(5));
        store.close();
        assertThat(soon).isCompletedWithValue(5);
        store = SqliteAlertStore.open(dir);
        assertThat(notes(store.sql())).containsExactly(5);
        assertThat(store.sql().writeSoon("note", insert(6)).get(10, TimeUnit.SECONDS))
                .isEqualTo(6);
    }

    @Test
    void afterClosingNothingIsQueued() {
        store.close();
        assertThat(sql.writeSoon("note", insert(1))).isCompletedExceptionally();
        store = SqliteAlertStore.open(dir);
    }
}
