package org.tryvoha.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound-address policy, on address literals only: resolving a literal asks no DNS server,
 * and nothing here opens a connection.
 */
class OutboundTest {
    static final Outbound STRICT = new Outbound(false), LAN = new Outbound(true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.1.1", "100.64.0.1", "100.127.255.255", "198.18.0.1", "192.0.0.8", "::1",
                "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1",
                "64:ff9b::a00:1", "2002:7f00:1::1", "fec0::1"
            })
    void privateLoopbackAndLinkLocalAddressesAreRefusedUnlessAllowed(String literal) throws Exception {
        InetAddress a = InetAddress.getByName(literal);
        assertThat(STRICT.refusal(a)).as(literal).isNotNull().contains("outbound-allow-private");
        assertThat(LAN.refusal(a)).as(literal).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "fd00:ec2::254",
                "100.100.100.200",
                "::ffff:169.254.169.254",
                "224.0.0.1",
                "ff02::1",
                "240.0.0.1",
                "255.255.255.255"
            })
    void metadataMulticastAndReservedAddressesAreRefusedWhateverTheSetting(String literal) throws Exception {
        InetAddress a = InetAddress.getByName(literal);
        assertThat(STRICT.refusal(a)).as(literal).isNotNull();
        assertThat(LAN.refusal(a)).as(literal).isNotNull().contains("never allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertThat(STRICT.refusal(InetAddress.getByName(literal))).as(literal).isNull();
    }

    @Test
    void aUrlIsResolvedToTheCheckedAddressKeepingItsHostPortAndPath() throws Exception {
        Outbound.Target t = LAN.resolve("https://127.0.0.1:8443/push/abc?x=1");
        assertThat(t.host()).isEqualTo("127.0.0.1");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.tls()).isTrue();
        assertThat(t.path()).isEqualTo("/push/abc?x=1");
        assertThat(t.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(LAN.resolve("http://[::1]/").port()).isEqualTo(80);
        assertThat(LAN.resolve("http://localhost:9/").host()).isEqualTo("localhost");

        assertThatThrownBy(() -> STRICT.resolve("http://localhost:4222/"))
                .isInstanceOf(Outbound.Refused.class)
                .hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> STRICT.resolve("http://169.254.169.254/latest/meta-data/"))
                .hasMessageContaining("metadata");
        assertThatThrownBy(() -> STRICT.resolve("ftp://example.org/")).hasMessageContaining("http");
        assertThat(STRICT.check("http://10.0.0.1/")).contains("10.0.0.1, a private address");
    }
}
