package org.tryvoha.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.tryvoha.store.AlertStore;
import org.tryvoha.store.sqlite.SqliteAlertStore;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/**
 * Not a test: a measurement. What authenticating an operator key costs on a SQLite store: the
 * first use (PBKDF2 with the default iterations), then uses within the cache time (one indexed
 * read of the account + a SHA-256 fingerprint), and a {@code tvk_} key.
 *
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.tryvoha.auth.AuthMeasure [iterations]
 * </pre>
 */
public final class AuthMeasure {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : AuthSettings.DEFAULT_KEY_ITERATIONS;
        Path dir = Files.createTempDirectory("tryvoha-auth");
        ZoneTree tree = ZoneTree.loadDefault(ShelterConfig.defaults());
        try (AlertStore store = SqliteAlertStore.open(dir)) {
            Keys keys = new Keys(store.sql());
            String legacy = keys.create("admin").secret();
            long[] slow = new long[5];
            long[] fast = new long[2000];
            long[] tvk = new long[2000];
            for (int i = 0; i < slow.length; i++) {
                Operators ops = new Operators(
                        store.sql(), tree, keys, Clock.systemUTC(), iterations, 600); // a fresh cache each time
                String key = ops.create("op" + i, Role.OPERATOR, Scope.EVERYTHING, "measure")
                        .key();
                long t0 = System.nanoTime();
                if (ops.authenticate(key).isEmpty()) throw new AssertionError("key refused");
                slow[i] = System.nanoTime() - t0;
                if (i == slow.length - 1) {
                    for (int j = 0; j < fast.length; j++) {
                        long t1 = System.nanoTime();
                        ops.authenticate(key).orElseThrow();
                        fast[j] = System.nanoTime() - t1;
                        long t2 = System.nanoTime();
                        ops.authenticate(legacy).orElseThrow();
                        tvk[j] = System.nanoTime() - t2;
                    }
                }
            }
            System.out.printf("PBKDF2-HMAC-SHA256, %d iterations: first use of a key %s%n", iterations, stats(slow));
            System.out.printf(
                    "cached (account read + fingerprint), %d uses: %s%n",
                    fast.length, stats(Arrays.copyOfRange(fast, 200, fast.length)));
            System.out.printf(
                    "tvk_ key (SHA-256 lookup), %d uses: %s%n",
                    tvk.length, stats(Arrays.copyOfRange(tvk, 200, tvk.length)));
        }
    }

    static String stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format(
                "median %.3f ms, p99 %.3f ms, max %.3f ms",
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
