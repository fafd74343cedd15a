package org.tryvoha.auth;

import java.util.LinkedHashSet;
import java.util.Set;
import org.tryvoha.config.Config;
import org.tryvoha.event.AlertType;

/**
 * Operator keys and the two-person rule (see tryvoha.conf.sample, block "operators").
 *
 * @param keyIterations PBKDF2 iterations for new operator keys
 * @param keyCacheSeconds how long a verified key skips the slow hash
 * @param approvalMaxOblasts an alert reaching more oblasts than this waits for a second person
 * @param approvalTypes alert types that always wait for a second person
 * @param approvalTimeoutSeconds a held alert not approved within this is dropped
 * @param keyCheck the budgets and the pool in front of the slow hash
 */
public record AuthSettings(
        int keyIterations,
        int keyCacheSeconds,
        int approvalMaxOblasts,
        Set<AlertType> approvalTypes,
        int approvalTimeoutSeconds,
        KeyCheck keyCheck) {
    public static final int DEFAULT_KEY_ITERATIONS = 210_000;
    public static final int DEFAULT_KEY_CACHE_SECONDS = 600;
    public static final int DEFAULT_APPROVAL_MAX_OBLASTS = 1;
    public static final String DEFAULT_APPROVAL_TYPES = "nuclear,chemical";
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 900;
    public static final int DEFAULT_KEY_FAILURES = 10;
    public static final int DEFAULT_KEY_ADDRESS_FAILURES = 30;
    public static final int DEFAULT_KEY_FAILURE_WINDOW_SECONDS = 60;
    public static final int DEFAULT_KEY_CHECK_THREADS = 1;
    public static final int DEFAULT_KEY_CHECK_QUEUE = 4;

    /**
     * What stands in front of the slow hash (see {@link KeyChecks}).
     *
     * @param failures wrong keys for one operator id within {@code failureWindowSeconds} before its
     *     checks pause (the budget refills evenly over the window)
     * @param addressFailures wrong keys from one client address within the window before its checks pause
     * @param failureWindowSeconds the window both budgets refill over
     * @param threads threads that run the slow hash (apart from the workers that commit alerts)
     * @param queue checks that may wait for those threads; more are refused with 503 at once
     * @param trustForwardedFor the client address is the first X-Forwarded-For entry (as the rate limits)
     */
    public record KeyCheck(
            int failures,
            int addressFailures,
            int failureWindowSeconds,
            int threads,
            int queue,
            boolean trustForwardedFor) {
        public static KeyCheck defaults() {
            return new KeyCheck(
                    DEFAULT_KEY_FAILURES,
                    DEFAULT_KEY_ADDRESS_FAILURES,
                    DEFAULT_KEY_FAILURE_WINDOW_SECONDS,
                    DEFAULT_KEY_CHECK_THREADS,
                    DEFAULT_KEY_CHECK_QUEUE,
                    false);
        }

        static KeyCheck from(Config.Source s) {
            return new KeyCheck(
                    s.number("operator-key-failures", DEFAULT_KEY_FAILURES, 1, 1_000_000),
                    s.number("operator-key-address-failures", DEFAULT_KEY_ADDRESS_FAILURES, 1, 1_000_000),
                    s.number("operator-key-failure-window-seconds", DEFAULT_KEY_FAILURE_WINDOW_SECONDS, 1, 86_400),
                    s.number("operator-key-check-threads", DEFAULT_KEY_CHECK_THREADS, 1, 64),
                    s.number("operator-key-check-queue", DEFAULT_KEY_CHECK_QUEUE, 1, 10_000),
                    s.bool("trust-forwarded-for", false));
        }
    }

    public static AuthSettings from(Config.Source s) {
        Set<AlertType> types = new LinkedHashSet<>();
        String t = s.text("approval-types", DEFAULT_APPROVAL_TYPES).strip();
        if (!t.equals("none")) for (String n : Scope.split(t)) types.add(AlertType.parse(n));
        return new AuthSettings(
                s.number("operator-key-iterations", DEFAULT_KEY_ITERATIONS, 1_000, 10_000_000),
                s.number("operator-key-cache-seconds", DEFAULT_KEY_CACHE_SECONDS, 0, 86_400),
                s.number("approval-max-oblasts", DEFAULT_APPROVAL_MAX_OBLASTS, 0, 1_000),
                Set.copyOf(types),
                s.number("approval-timeout-seconds", DEFAULT_APPROVAL_TIMEOUT_SECONDS, 1, 7 * 86_400),
                KeyCheck.from(s));
    }
}
