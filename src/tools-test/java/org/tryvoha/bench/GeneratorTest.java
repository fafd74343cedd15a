package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generator processes against real targets on loopback (the floor in this JVM, a private
 * nats-server): every event reaches every connection once, in order, with its arrival times, and
 * the run's summary has no errors; the generators' own CPU is reported per delivery.
 */
class GeneratorTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path work;

    @Test
    void floorSubscribersGetEveryRecordOnceOverTwoProcesses() throws Exception {
        try (Targets.Floor floor = new Targets.Floor(Targets.freePort())) {
            check(floor, "raw", 2);
        }
    }

    @Test
    void natsSubscribersGetEveryMessageOnce() throws Exception {
        try (Targets.Broker nats = new Targets.Broker("nats", Targets.freePort(), work.resolve("nats.log"))) {
            check(nats, "nats", 1);
        }
    }

    private void check(Targets.Target target, String proto, int procs) throws Exception {
        int subscribers = 40, events = 6;
        try (Gens gens = new Gens(
                proto, target.port(), null, subscribers, procs, Files.createDirectories(work.resolve(proto)), 120)) {
            Map<String, Object> r = new LinkedHashMap<>();
            assertThat(gens.awaitReady(60, System.nanoTime(), r)).isEqualTo(subscribers);
            if (target instanceof Targets.Floor f) f.awaitClients(subscribers, 30);
            Map<Long, Long> sent = new LinkedHashMap<>();
            long gen0 = Multi.cpu(gens.procs.stream().map(Process::pid).toList());
            for (int i = 0; i < events; i++) Bench.publishAndWait(target, "UA", gens, sent, 0, QUIET);
            long gen1 = Multi.cpu(gens.procs.stream().map(Process::pid).toList());
            Gens.Dump d = gens.dump(30);
            for (long seq : sent.keySet()) {
                long[] e = d.events().get(seq);
                assertThat(e).as("event " + seq).isNotNull();
                assertThat(e[0]).as("deliveries of " + seq).isEqualTo(subscribers);
                assertThat(e[1])
                        .as("first arrival after the send")
                        .isGreaterThanOrEqualTo(sent.get(seq))
                        .isLessThanOrEqualTo(e[2]);
            }
            assertThat(d.gaps()).isZero();
            assertThat(d.dups()).isZero();
            Bench.summarise(d.events(), sent, subscribers, null, r);
            Bench.generatorCpu(gen0, gen1, r);
            assertThat(r.get("errors_missing_or_extra")).isEqualTo(0L);
            assertThat(r.get("deliveries")).isEqualTo((long) subscribers * events);
            assertThat((Double) r.get("generator_cpu_us_per_delivery")).isGreaterThanOrEqualTo(0.0);
        }
    }
}
