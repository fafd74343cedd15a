package org.tryvoha.cap;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an originator's CAP messages must carry. In every policy a signature that is present must be
 * intact: a message changed after it was signed is always refused.
 */
public enum SignaturePolicy {
    /** Unsigned messages are accepted (the operator key alone authorises the import). */
    ALLOW_UNSIGNED,
    /** An enveloped XML signature must be present and intact, by any key. */
    REQUIRE_SIGNATURE,
    /** An enveloped XML signature must be present, intact, and made with a trusted certificate's key. */
    REQUIRE_TRUSTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SignaturePolicy parse(String s) {
        for (SignaturePolicy p : values()) if (p.wire().equals(s.strip())) return p;
        throw new IllegalArgumentException("unknown CAP signature policy '" + s + "'; one of: "
                + Arrays.stream(values()).map(SignaturePolicy::wire).collect(Collectors.joining(", ")));
    }
}
