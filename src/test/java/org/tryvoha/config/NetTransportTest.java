package org.tryvoha.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetTransportTest {
    static NetTransport.Choice choose(Map<String, String> given, Map<String, String> env) {
        return NetTransport.choose(Config.Source.of(given, env));
    }

    @Test
    void aNamedTransportIsTakenFromTheFlagBeforeTheEnvironment() {
        NetTransport.Choice c = choose(Map.of("transport", "nio"), Map.of("TRYVOHA_TRANSPORT", "epoll"));
        assertThat(c.name()).isEqualTo("nio");
        assertThat(c.transport()).isSameAs(Transport.NIO);
        assertThat(c.fallback()).isNull();
        assertThat(choose(Map.of(), Map.of("TRYVOHA_TRANSPORT", " NIO ")).transport())
                .isSameAs(Transport.NIO);
    }

    @Test
    void ioUringHasItsNameAndTwoSpellings() {
        for (String n : new String[] {"io_uring", "io-uring", "iouring"})
            assertThat(NetTransport.byName(n)).isSameAs(Transport.IO_URING);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> choose(Map.of("transport", "kqueue"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport must be epoll, io_uring or nio, got 'kqueue'");
    }

    @Test
    void unsetItIsEpollWhereEpollWorksAndOtherwiseNioWithTheReason() {
        // skip the JVM property that a whole test run on another transport sets
        String property = System.clearProperty(NetTransport.PROPERTY);
        try {
            NetTransport.Choice c = choose(Map.of(), Map.of());
            if (Transport.EPOLL.available()) {
                assertThat(c.name()).isEqualTo("epoll");
                assertThat(c.fallback()).isNull();
            } else {
                assertThat(c.name()).isEqualTo("nio");
                assertThat(c.fallback()).startsWith("epoll is not available: ");
            }
        } finally {
            if (property != null) System.setProperty(NetTransport.PROPERTY, property);
        }
    }
}
