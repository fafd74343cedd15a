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
 */
public record AuthSettings(
        int keyIterations,
        int keyCacheSeconds,
        int approvalMaxOblasts,
        Set<AlertType> approvalTypes,
        int approvalTimeoutSeconds) {
    public static final int DEFAULT_KEY_ITERATIONS = 210_000;
    public static final int DEFAULT_KEY_CACHE_SECONDS = 600;
    public static final int DEFAULT_APPROVAL_MAX_OBLASTS = 1;
    public static final String DEFAULT_APPROVAL_TYPES = "nuclear,chemical";
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 900;

    public static AuthSettings from(Config.Source s) {
        Set<AlertType> types = new LinkedHashSet<>();
        String t = s.text("approval-types", DEFAULT_APPROVAL_TYPES).strip();
        if (!t.equals("none")) for (String n : Scope.split(t)) types.add(AlertType.parse(n));
        return new AuthSettings(
                s.number("operator-key-iterations", DEFAULT_KEY_ITERATIONS, 1_000, 10_000_000),
                s.number("operator-key-cache-seconds", DEFAULT_KEY_CACHE_SECONDS, 0, 86_400),
                s.number("approval-max-oblasts", DEFAULT_APPROVAL_MAX_OBLASTS, 0, 1_000),
                Set.copyOf(types),
                s.number("approval-timeout-seconds", DEFAULT_APPROVAL_TIMEOUT_SECONDS, 1, 7 * 86_400));
    }
}
