package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tryvoha.error.ErrorCode;

/** The pool in front of the slow hash: bounded, and what does not fit is refused at once with 503. */
class KeyChecksTest {
    @Test
    void checksBeyondThePoolAndItsQueueAreRefusedAtOnceAndCostNoBudget() throws Exception {
        KeyChecks checks = new KeyChecks(new AuthSettings.KeyCheck(100, 100, 60, 1, 1, false));
        String stored = PasswordHash.hash("right", 400_000); // slow enough that eight callers overlap
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++)
                results.add(callers.submit(() -> {
                    try {
                        return checks.verify("abcdefabcdef", "192.0.2.1", "wrong", stored);
                    } catch (KeyChecks.Refused r) {
                        return r;
                    }
                }));
            int hashed = 0, refused = 0;
            for (Future<Object> f : results) {
                if (f.get() instanceof KeyChecks.Refused r) {
                    refused++;
                    assertThat(r.problem().code).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(r.retryAfterSeconds()).isEqualTo(1);
                    assertThat(r.getMessage()).contains("too many operator key checks at once");
                } else {
                    hashed++;
                    assertThat(f.get()).isEqualTo(false);
                }
            }
            assertThat(hashed)
                    .as("one running, one waiting, at most a few more as they finish")
                    .isBetween(2, 7);
            assertThat(refused).isPositive();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRightKeyGivesItsTokensBack() {
        KeyChecks checks = new KeyChecks(new AuthSettings.KeyCheck(1, 1, 3600, 1, 4, false));
        String stored = PasswordHash.hash("right", 1_000);
        for (int i = 0; i < 5; i++)
            assertThat(checks.verify("abcdefabcdef", "192.0.2.1", "right", stored))
                    .isTrue();
        assertThat(checks.verify("abcdefabcdef", "192.0.2.1", "wrong", stored)).isFalse();
        KeyChecks.Refused r = catchThrowableOfType(
                KeyChecks.Refused.class, () -> checks.verify("abcdefabcdef", "192.0.2.2", "right", stored));
        assertThat(r.problem().code).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
    }
}
