package org.tryvoha.cap;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tryvoha.config.Config;

/**
 * CAP settings: the sender name this server signs its exported
 * messages with, the signature policy by default and per CAP sender, and the directory of trusted
 * PEM certificates.
 *
 * @param sender the CAP {@code <sender>} of exported messages, e.g. {@code tryvoha@example.org}
 * @param policy the signature policy for senders without their own line
 * @param perSender signature policy per CAP sender ({@code cap-signature-policy.sender.<SENDER>})
 * @param trustedCerts directory of PEM certificates ({@code *.pem}, {@code *.crt}), or null
 */
public record CapSettings(
        String sender, SignaturePolicy policy, Map<String, SignaturePolicy> perSender, Path trustedCerts) {
    public static final String DEFAULT_SENDER = "tryvoha@localhost";
    public static final SignaturePolicy DEFAULT_POLICY = SignaturePolicy.ALLOW_UNSIGNED;

    public CapSettings {
        perSender = Map.copyOf(perSender);
    }

    /**
     * From the settings {@code cap-sender}, {@code cap-signature-policy}, {@code cap-trusted-certs},
     * and per CAP sender, in the config file only, {@code cap-signature-policy.sender.<SENDER>}.
     */
    public static CapSettings from(Config.Source s) {
        Map<String, SignaturePolicy> perSender = new HashMap<>();
        s.prefixed("cap-signature-policy.sender.")
                .forEach((sender, v) -> perSender.put(sender, SignaturePolicy.parse(v)));
        return new CapSettings(
                s.text("cap-sender", DEFAULT_SENDER),
                SignaturePolicy.parse(s.text("cap-signature-policy", DEFAULT_POLICY.wire())),
                perSender,
                s.path("cap-trusted-certs", null));
    }

    public static CapSettings defaults() {
        return new CapSettings(DEFAULT_SENDER, DEFAULT_POLICY, Map.of(), null);
    }

    /** The policy for messages from this CAP sender. */
    public SignaturePolicy policyFor(String capSender) {
        return perSender.getOrDefault(capSender, policy);
    }
}
