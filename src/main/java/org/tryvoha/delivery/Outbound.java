package org.tryvoha.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.tryvoha.config.Config;

/**
 * Where the server may send requests of its own (webhooks, Web Push): never to this machine, its
 * private networks, link-local addresses or a cloud metadata service, unless {@code
 * outbound-allow-private} says so (tests with a receiver on loopback; a webhook receiver on the
 * operator's own LAN). A URL is checked when it is registered and again before each request, on the
 * addresses its host resolves to at that moment; the request then goes to the checked address, so a
 * name that resolves differently the second time (DNS rebinding) cannot reach what was refused.
 *
 * <p>Metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200), multicast and reserved
 * addresses are refused whatever the setting. Immutable and thread-safe; {@link #resolve} and
 * {@link #check} block on DNS: call them on a worker thread, never on an event loop.
 */
public final class Outbound {
    public static final boolean DEFAULT_ALLOW_PRIVATE = false;

    /** A request that the policy refused, or a host that does not resolve; the message is ours, fit to show. */
    public static final class Refused extends Exception {
        private final boolean dns;

        Refused(String message, boolean dns) {
            super(message, null, false, false);
            this.dns = dns;
        }

        /** True when the host did not resolve (rather than resolving to a refused address). */
        public boolean dns() {
            return dns;
        }
    }

    /** Where to connect: the URL's own host (for the Host header and TLS SNI) and the checked address. */
    public record Target(String host, int port, boolean tls, String path, InetAddress address) {}

    private static final byte[][] METADATA = {
        {(byte) 169, (byte) 254, (byte) 169, (byte) 254},
        {100, 100, 100, (byte) 200},
        {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54}
    };

    private final boolean allowPrivate;

    public Outbound(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** From {@code outbound-allow-private}. */
    public static Outbound from(Config.Source s) {
        return new Outbound(s.bool("outbound-allow-private", DEFAULT_ALLOW_PRIVATE));
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /**
     * Blocking (DNS): where a request to {@code url} (http or https) may go. Every address the host
     * resolves to must be allowed, so a name with one public and one private address is refused.
     */
    public Target resolve(String url) throws Refused {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("not a URL", false);
        }
        String scheme = u.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null)
            throw new Refused("not an http:// or https:// URL with a host", false);
        boolean tls = "https".equals(scheme);
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = u.getPort() == -1 ? (tls ? 443 : 80) : u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host name " + host + " does not resolve", true);
        }
        for (InetAddress a : all) {
            String why = refusal(a);
            if (why != null) throw new Refused(host + " resolves to " + a.getHostAddress() + ", " + why, false);
        }
        return new Target(host, port, tls, path, all[0]);
    }

    /** Blocking (DNS): null when {@code url} may be sent to now, else why not (for a field error). */
    public String check(String url) {
        try {
            resolve(url);
            return null;
        } catch (Refused r) {
            return r.getMessage();
        }
    }

    /** Null when {@code a} may be sent to under this policy, else what kind of address it is and why not. */
    public String refusal(InetAddress a) {
        byte[] b = a.getAddress();
        for (byte[] m : METADATA) if (Arrays.equals(b, m)) return "a cloud metadata service, which is never allowed";
        byte[] v4 = a instanceof Inet4Address ? b : embeddedV4(b);
        if (v4 != null && v4 != b) return refusal(v4Address(v4));
        if (a.isMulticastAddress()) return "a multicast address, which is never allowed";
        if (v4 != null && (v4[0] & 0xff) >= 240) return "a reserved address, which is never allowed";
        String kind = privateKind(a, v4);
        if (kind == null || allowPrivate) return null;
        return kind + " address; requests to loopback, private, link-local and shared addresses are refused"
                + " unless outbound-allow-private is true";
    }

    private static String privateKind(InetAddress a, byte[] v4) {
        if (a.isAnyLocalAddress() || v4 != null && v4[0] == 0) return "an unspecified (this host)";
        if (a.isLoopbackAddress()) return "a loopback";
        if (a.isLinkLocalAddress()) return "a link-local";
        if (a.isSiteLocalAddress()) return "a private";
        if (v4 != null) {
            int b0 = v4[0] & 0xff, b1 = v4[1] & 0xff;
            if (b0 == 100 && b1 >= 64 && b1 < 128) return "a shared (carrier-grade NAT)";
            if (b0 == 198 && (b1 == 18 || b1 == 19)) return "a benchmarking";
            if (b0 == 192 && b1 == 0 && (v4[2] & 0xff) == 0) return "an IETF protocol";
            return null;
        }
        byte[] b = a.getAddress();
        if ((b[0] & 0xfe) == 0xfc) return "a unique-local (private)";
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) return "a site-local";
        return null;
    }

    /** The IPv4 address inside an IPv6 one that carries it (IPv4-compatible, NAT64, 6to4), else null. */
    private static byte[] embeddedV4(byte[] b) {
        if (b.length != 16) return null;
        boolean zero96 = true;
        for (int i = 0; i < 12; i++) zero96 &= b[i] == 0;
        if (zero96 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)))
            return Arrays.copyOfRange(b, 12, 16); // ::a.b.c.d (not :: or ::1)
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
        if (Arrays.equals(Arrays.copyOf(b, 12), nat64)) return Arrays.copyOfRange(b, 12, 16);
        if (b[0] == 0x20 && b[1] == 0x02) return Arrays.copyOfRange(b, 2, 6); // 6to4
        return null;
    }

    private static InetAddress v4Address(byte[] v4) {
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
