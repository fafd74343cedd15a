package org.tryvoha.delivery;

import picocli.CommandLine.Option;

/** The {@code serve} flag of the outbound-address policy; read through {@link Outbound#from}. */
public final class OutboundOptions {
    @Option(
            names = "--outbound-allow-private",
            description = "true: webhooks and push may reach loopback, private and link-local addresses"
                    + " (a receiver on this machine or your LAN; default false); env TRYVOHA_OUTBOUND_ALLOW_PRIVATE")
    String allowPrivate;
}
