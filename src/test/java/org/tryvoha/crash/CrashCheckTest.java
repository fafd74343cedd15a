package org.tryvoha.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tryvoha.crash.CrashCheck.Ack;
import org.tryvoha.crash.CrashCheck.Failed;
import org.tryvoha.crash.CrashCheck.LogEvent;
import org.tryvoha.crash.CrashCheck.Received;

/** The checks of CrashIT catch what they are meant to catch: each is shown failing on a bad log. */
class CrashCheckTest {
    static final String KH = "UA63000000000041885", KYIV = "UA80000000000093317";

    static LogEvent ev(long seq, String kind, String id, String zone) {
        return new LogEvent(seq, kind, id, kind.equals("issued"), List.of(zone), List.of());
    }

    final List<LogEvent> log = List.of(
            ev(1, "issued", "a", KH),
            ev(2, "issued", "b", KYIV),
            ev(3, "cancelled", "a", KH),
            ev(4, "issued", "c", KH));

    @Test
    void aCompleteLogPasses() {
        List<Ack> acks = List.of(
                new Ack(1, "issued", "a", KH), new Ack(2, "issued", "b", KYIV), new Ack(3, "cancelled", "a", null));
        assertThat(CrashCheck.gapFree(log, 4)).isEmpty();
        assertThat(CrashCheck.acknowledgedAreStored(acks, log)).isEmpty();
        assertThat(CrashCheck.unacknowledgedAreExplained(
                        log, 0, acks, List.of(new Failed("issued", null, KH, "reset"))))
                .isEmpty();
        assertThat(CrashCheck.activeAlerts(log)).containsExactly("b", "c");
    }

    @Test
    void aLostAcknowledgementIsCaught() {
        // the store answered 201 for seq 5 and then lost it (acknowledged before commit)
        assertThat(CrashCheck.acknowledgedAreStored(List.of(new Ack(5, "issued", "d", KH)), log))
                .singleElement()
                .asString()
                .contains("lost");
        // or renumbered it
        assertThat(CrashCheck.acknowledgedAreStored(List.of(new Ack(2, "issued", "c", KH)), log))
                .hasSize(1);
    }

    @Test
    void gapsAndDuplicatesInTheLogAreCaught() {
        assertThat(CrashCheck.gapFree(List.of(log.get(0), log.get(2)), 3)).isNotEmpty();
        assertThat(CrashCheck.gapFree(List.of(log.get(0), log.get(0)), 2)).isNotEmpty();
        assertThat(CrashCheck.gapFree(log, 5)).isNotEmpty();
    }

    @Test
    void anEventNoRequestExplainsIsCaught() {
        List<Ack> acks = List.of(
                new Ack(1, "issued", "a", KH), new Ack(2, "issued", "b", KYIV), new Ack(3, "cancelled", "a", null));
        assertThat(CrashCheck.unacknowledgedAreExplained(log, 0, acks, List.of()))
                .hasSize(1);
        // a failed raise elsewhere does not explain it
        assertThat(CrashCheck.unacknowledgedAreExplained(log, 0, acks, List.of(new Failed("issued", null, KYIV, "x"))))
                .hasSize(1);
        // one failed request explains at most one event
        List<Ack> fewer = acks.subList(0, 1);
        assertThat(CrashCheck.unacknowledgedAreExplained(
                        log,
                        0,
                        fewer,
                        List.of(
                                new Failed("issued", null, KYIV, "x"),
                                new Failed("cancelled", "a", null, "x"),
                                new Failed("issued", null, KH, "x"))))
                .isEmpty();
        assertThat(CrashCheck.unacknowledgedAreExplained(
                        log,
                        0,
                        fewer,
                        List.of(new Failed("issued", null, KYIV, "x"), new Failed("cancelled", "a", null, "x"))))
                .hasSize(1);
    }

    @Test
    void streamGapsDuplicatesAndPhantomsAreCaught() {
        Set<String> kharkiv = Set.of(KH);
        Received r1 = log.get(0).received(),
                r3 = log.get(2).received(),
                r4 = log.get(3).received();
        assertThat(CrashCheck.exactStream("k", 0, List.of(r1, r3, r4), log, kharkiv))
                .isEmpty();
        assertThat(CrashCheck.exactStream("k", 1, List.of(r3), log, kharkiv)).isEmpty();
        assertThat(CrashCheck.exactStream("k", 0, List.of(r1, r4), log, kharkiv))
                .as("gap")
                .hasSize(1);
        assertThat(CrashCheck.exactStream("k", 0, List.of(r1, r3, r3, r4), log, kharkiv))
                .as("duplicate")
                .hasSize(1);
        assertThat(CrashCheck.exactStream("k", 0, List.of(r1, r3, r4, new Received(5, "issued", "e")), log, kharkiv))
                .as("delivered but not in the log after the crash")
                .hasSize(1);
        assertThat(CrashCheck.exactStream("k", 0, List.of(r1, log.get(1).received(), r3), log, kharkiv))
                .as("not its zone")
                .hasSize(1);
        assertThat(CrashCheck.exactStream("k", 0, List.of(r3, r1), log, kharkiv))
                .as("out of order")
                .hasSize(1);
    }
}
