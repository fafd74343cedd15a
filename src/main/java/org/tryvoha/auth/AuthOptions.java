package org.tryvoha.auth;

import picocli.CommandLine.Option;

/** {@code serve} options for operators and the two-person rule; read through {@link AuthSettings#from}. */
public final class AuthOptions {
    @Option(
            names = "--operator-key-iterations",
            description =
                    "PBKDF2 iterations for new operator keys (default 210000); env TRYVOHA_OPERATOR_KEY_ITERATIONS")
    Integer keyIterations;

    @Option(
            names = "--operator-key-cache-seconds",
            description =
                    "A verified operator key skips the slow hash this long (default 600); env TRYVOHA_OPERATOR_KEY_CACHE_SECONDS")
    Integer keyCache;

    @Option(
            names = "--operator-key-failures",
            description =
                    "Wrong keys for one operator id per window before its key checks pause with 429 (default 10); env TRYVOHA_OPERATOR_KEY_FAILURES")
    Integer keyFailures;

    @Option(
            names = "--operator-key-address-failures",
            description =
                    "Wrong operator keys from one client address per window before its key checks pause with 429 (default 30); env TRYVOHA_OPERATOR_KEY_ADDRESS_FAILURES")
    Integer keyAddressFailures;

    @Option(
            names = "--operator-key-failure-window-seconds",
            description =
                    "The window both wrong-key budgets refill over (default 60); env TRYVOHA_OPERATOR_KEY_FAILURE_WINDOW_SECONDS")
    Integer keyFailureWindow;

    @Option(
            names = "--operator-key-check-threads",
            description =
                    "Threads that run the slow hash of operator keys, apart from the alert workers (default 1); env TRYVOHA_OPERATOR_KEY_CHECK_THREADS")
    Integer keyCheckThreads;

    @Option(
            names = "--operator-key-check-queue",
            description =
                    "Key checks that may wait for those threads; more get 503 at once (default 4); env TRYVOHA_OPERATOR_KEY_CHECK_QUEUE")
    Integer keyCheckQueue;

    @Option(
            names = "--approval-max-oblasts",
            description =
                    "Alerts reaching more oblasts need a second person (default 1); env TRYVOHA_APPROVAL_MAX_OBLASTS")
    Integer maxOblasts;

    @Option(
            names = "--approval-types",
            description =
                    "Alert types that always need a second person (default nuclear,chemical; none: off); env TRYVOHA_APPROVAL_TYPES")
    String types;

    @Option(
            names = "--approval-timeout-seconds",
            description =
                    "A held alert not approved within this is dropped (default 900); env TRYVOHA_APPROVAL_TIMEOUT_SECONDS")
    Integer timeout;
}
