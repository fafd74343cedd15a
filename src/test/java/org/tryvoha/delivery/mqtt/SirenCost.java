package org.tryvoha.delivery.mqtt;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.util.*;
import org.tryvoha.event.*;
import org.tryvoha.state.*;
import org.tryvoha.zone.*;

/**
 * What the siren fleet costs the server per change: CPU time and heap allocated by one {@code
 * SirenFleet.update} for an oblast alert raised or cancelled, 2,000 sirens (a fifth in Kharkiv city,
 * the rest on random hromadas). Reflection, so one source runs against an older jar's {@code
 * update(Snapshot, boolean)} as well: {@code java -cp JAR src/test/java/org/tryvoha/delivery/mqtt/SirenCost.java
 * [rounds]}. Not run by the test suite; the numbers are in BENCHMARKS.md.
 */
public final class SirenCost {
    public static void main(String[] a) throws Exception {
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        List<Zone> hromadas =
                tree.all().stream().filter(z -> z.level() == ZoneLevel.HROMADA).toList();
        String kharkivCity = tree.zonesAt(49.9935, 36.2304).get(0).id();
        Random r = new Random(7);
        List<SirenRegistry.Siren> sirens = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String z = r.nextDouble() < 0.2
                    ? kharkivCity
                    : hromadas.get(r.nextInt(hromadas.size())).id();
            sirens.add(new SirenRegistry.Siren("s" + i, z, "s" + i, null, null));
        }
        SirenFleet fleet = new SirenFleet(sirens, tree, "tryvoha", 10, 90, Clock.systemUTC());
        ZoneState state = new ZoneState(tree);
        ZoneMessages messages = new ZoneMessages(tree);
        Method upd = null;
        for (Method m : SirenFleet.class.getDeclaredMethods()) if (m.getName().equals("update")) upd = m;
        upd.setAccessible(true);
        boolean old = upd.getParameterTypes()[1] == boolean.class;
        String oblast = "UA63000000000041885";
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        upd.invoke(fleet, state.snapshot(), old ? (Object) true : null);
        long seq = 1, cpu = 0, alloc = 0, outs = 0;
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "2000"), warm = rounds / 4;
        for (int i = 0; i < rounds; i++) {
            Alert al = new Alert(
                    "a" + i,
                    AlertType.AIR_RAID,
                    AlertStatus.ACTUAL,
                    List.of(oblast),
                    null,
                    Map.of("uk", "Т", "en", "A"),
                    "b",
                    t,
                    null,
                    t,
                    null,
                    true);
            for (AlertEvent e : List.of(
                    new AlertEvent(seq++, EventKind.ISSUED, t, al, List.of()),
                    new AlertEvent(seq++, EventKind.CANCELLED, t, al.ended(t), List.of()))) {
                state.apply(e);
                ZoneState.Snapshot s = state.snapshot();
                long c0 = mx.getCurrentThreadCpuTime(), b0 = mx.getCurrentThreadAllocatedBytes();
                Set<Zone> touched = old ? null : messages.affected(Set.of(oblast), new HashSet<>());
                List<?> out = (List<?>) upd.invoke(fleet, s, old ? (Object) false : touched);
                long c1 = mx.getCurrentThreadCpuTime(), b1 = mx.getCurrentThreadAllocatedBytes();
                if (i >= warm) {
                    cpu += c1 - c0;
                    alloc += b1 - b0;
                    outs += out.size();
                }
            }
        }
        long n = 2L * (rounds - warm);
        System.out.printf(
                "%s: %d updates, commands per update %.1f, CPU %.1f µs per update, %.0f bytes allocated per update%n",
                old ? "before" : "after", n, outs / (double) n, cpu / 1e3 / n, alloc / (double) n);
    }
}
