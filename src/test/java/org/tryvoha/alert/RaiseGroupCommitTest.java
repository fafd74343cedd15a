package org.tryvoha.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.bus.local.LocalEventBus;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.event.Alert;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;

/**
 * Raises that arrive while another commit holds the alert service are committed together, in one
 * store transaction; each caller still gets its own event, its own hook call and its own error.
 */
class RaiseGroupCommitTest {
    @TempDir
    Path dir;

    private SqliteAlertStore sqlite;
    private LocalEventBus bus;
    private AlertService service;
    /** The number of changes in each {@code appendAll} the service made, in order. */
    private final List<Integer> transactions = Collections.synchronizedList(new ArrayList<>());

    private final List<AlertEvent> published = Collections.synchronizedList(new ArrayList<>());
    /** An alert id whose transactions fail as a broken disk would. */
    private volatile String poison = "none";

    private final ExecutorService operators = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        sqlite = SqliteAlertStore.open(dir);
        AlertStore counted = (AlertStore) Proxy.newProxyInstance(
                AlertStore.class.getClassLoader(), new Class<?>[] {AlertStore.class}, (proxy, m, args) -> {
                    List<String> ids = switch (m.getName()) {
                        case "appendAll" ->
                            ((List<?>) args[0])
                                    .stream()
                                            .map(c -> ((AlertStore.Change) c)
                                                    .alert()
                                                    .id())
                                            .toList();
                        case "append" -> List.of(((Alert) args[1]).id());
                        default -> null;
                    };
                    if (ids != null) {
                        transactions.add(ids.size());
                        if (ids.contains(poison))
                            throw new IllegalStateException("disk I/O error while writing " + poison);
                    }
                    try {
                        return m.invoke(sqlite, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        bus = new LocalEventBus();
        bus.subscribe(published::add);
        service = new AlertService(counted, bus, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        operators.shutdownNow();
        bus.close();
        sqlite.close();
    }

    private static AlertRequest kharkiv() {
        return new AlertRequest(
                AlertType.AIR_RAID,
                AlertStatus.ACTUAL,
                List.of("UA-63"),
                null,
                Map.of("uk", "Повітряна тривога"),
                null,
                false);
    }

    /** Raises {@code ids} from one thread each while the test holds the service, then lets them commit. */
    private List<Future<AlertEvent>> raisedWhileBusy(List<String> ids, List<AlertEvent> hooked) throws Exception {
        List<Future<AlertEvent>> out = new ArrayList<>();
        synchronized (service) { // a commit in progress: every raise queues behind it
            for (String id : ids)
                out.add(operators.submit(() -> service.raise(kharkiv(), "op-" + id, id, hooked::add)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.queuedRaises() < ids.size()) {
                assertThat(System.nanoTime()).as("all raises queued").isLessThan(deadline);
                Thread.sleep(1);
            }
        }
        return out;
    }

    private static AlertEvent get(Future<AlertEvent> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void raisesQueuedBehindACommitShareOneTransaction() throws Exception {
        List<AlertEvent> hooked = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = List.of("a1", "a2", "a3", "a4", "a5");
        List<Future<AlertEvent>> raised = raisedWhileBusy(ids, hooked);

        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            AlertEvent e = get(raised.get(i));
            assertThat(e.alert().id()).isEqualTo(ids.get(i));
            assertThat(e.alert().sender()).isEqualTo("op-" + ids.get(i));
            seqs.add(e.seq());
        }
        assertThat(transactions).containsExactly(5);
        assertThat(seqs).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(hooked).extracting(AlertEvent::seq).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(published).extracting(AlertEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sqlite.lastSeq()).isEqualTo(5);
        for (String id : ids) assertThat(sqlite.alert(id)).isPresent();
    }

    @Test
    void aRaiseWhoseIdExistsFailsAloneAndTheOthersCommit() throws Exception {
        service.raise(kharkiv(), "op", "taken", null);
        transactions.clear();
        List<AlertEvent> hooked = Collections.synchronizedList(new ArrayList<>());
        List<Future<AlertEvent>> raised = raisedWhileBusy(List.of("b1", "taken", "b2"), hooked);

        assertThat(get(raised.get(0)).alert().id()).isEqualTo("b1");
        assertThatThrownBy(() -> get(raised.get(1)))
                .cause()
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("taken");
        assertThat(get(raised.get(2)).alert().id()).isEqualTo("b2");
        assertThat(transactions).containsExactly(3, 2); // the conflict, then the rest together
        assertThat(hooked).extracting(e -> e.alert().id()).containsExactlyInAnyOrder("b1", "b2");
        assertThat(published).extracting(AlertEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theSameIdQueuedTwiceIsCommittedOnceAndRefusedOnce() throws Exception {
        List<Future<AlertEvent>> raised = raisedWhileBusy(List.of("same", "same"), new ArrayList<>());

        int committed = 0, refused = 0;
        for (Future<AlertEvent> f : raised) {
            try {
                assertThat(get(f).alert().id()).isEqualTo("same");
                committed++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ProblemException.class).hasMessageContaining("same");
                refused++;
            }
        }
        assertThat(committed).isEqualTo(1);
        assertThat(refused).isEqualTo(1);
        assertThat(published).hasSize(1);
    }

    @Test
    void aGroupThatFailsIsRetriedRaiseByRaise() throws Exception {
        poison = "bad";
        List<AlertEvent> hooked = Collections.synchronizedList(new ArrayList<>());
        List<Future<AlertEvent>> raised = raisedWhileBusy(List.of("c1", "bad", "c2"), hooked);

        assertThat(get(raised.get(0)).alert().id()).isEqualTo("c1");
        assertThatThrownBy(() -> get(raised.get(1)))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disk I/O error");
        assertThat(get(raised.get(2)).alert().id()).isEqualTo("c2");
        assertThat(transactions).containsExactly(3, 1, 1, 1);
        assertThat(hooked).extracting(e -> e.alert().id()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(published).extracting(e -> e.alert().id()).containsExactly("c1", "c2");
        assertThat(sqlite.alert("bad")).isEmpty();
    }
}
