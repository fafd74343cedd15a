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
