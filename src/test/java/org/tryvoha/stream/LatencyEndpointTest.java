package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/** {@code GET /api/v1/latency?after_seq=N} leaves out the samples of events up to N (a benchmark's warm-up). */
class LatencyEndpointTest {
    @TempDir
    Path dir;

    @Test
    void afterSeqCountsOnlyLaterEvents() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            int port = Integer.parseInt(server.base.substring(server.base.lastIndexOf(':') + 1));
            try (SharedBytesTest.RawWs ws =
                    SharedBytesTest.RawWs.open(port, "/api/v1/ws?zone=" + SharedBytesTest.KHARKIV_HROMADA)) {
                ws.nextOfType("state");
                long first = server.raise(SpineFlowTest.raiseBody("UA63000000000041885"))
                        .path("seq")
                        .asLong();
                ws.nextOfType("event");
                server.raise(SpineFlowTest.raiseBody("UA63000000000041885"));
                ws.nextOfType("event");
                server.raise(SpineFlowTest.raiseBody("UA63000000000041885"));
                ws.nextOfType("event");

                // a sample is recorded right after the write on the event loop, and the 201 may go out before it
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (samples(server, "/api/v1/latency") < 3 && System.nanoTime() < deadline) Thread.sleep(10);
                assertThat(samples(server, "/api/v1/latency")).isEqualTo(3);
                assertThat(samples(server, "/api/v1/latency?after_seq=0")).isEqualTo(3);
                assertThat(samples(server, "/api/v1/latency?after_seq=" + first))
                        .isEqualTo(2);
                assertThat(samples(server, "/api/v1/latency?after_seq=" + (first + 2)))
                        .isZero();
                JsonNode none = server.get("/api/v1/latency?after_seq=" + (first + 2))
                        .json()
                        .path("channels")
                        .path("ws");
                assertThat(none.path("samples_total").asLong()).isEqualTo(3);
                assertThat(none.path("fanout_ms").path("p50").isNumber()).isFalse();
                assertThat(server.get("/api/v1/latency?after_seq=-1").status()).isEqualTo(422);
                assertThat(server.get("/api/v1/latency?after_seq=x").status()).isEqualTo(422);
            }
        }
    }

    private static int samples(TestServer server, String path) throws Exception {
        return server.get(path)
                .json()
                .path("channels")
                .path("ws")
                .path("samples")
                .asInt();
    }
}
