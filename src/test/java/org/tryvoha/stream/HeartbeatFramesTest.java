package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tryvoha.json.Json;

/** A heartbeat tick is framed once per wire form, and every form says the same thing. */
class HeartbeatFramesTest {
    private final Heartbeat beat = new Heartbeat(42, Instant.parse("2026-11-24T01:02:03.456Z"));

    @Test
    void eachFormIsMadeOnceAndShared() {
        assertThat(beat.wsFrame()).isSameAs(beat.wsFrame());
        assertThat(beat.sseChunk(true)).isSameAs(beat.sseChunk(true));
        assertThat(beat.sseChunk(false)).isSameAs(beat.sseChunk(false)).isNotSameAs(beat.sseChunk(true));
    }

    @Test
    void webSocketFrameCarriesTheJson() throws Exception {
        ByteBuf f = beat.wsFrame();
        assertThat(f.getByte(0) & 0xff).isEqualTo(0x81); // FIN, text
        int len = f.getByte(1) & 0x7f;
        assertThat(len).isEqualTo(f.readableBytes() - 2);
        JsonNode j = Json.MAPPER.readTree(f.toString(2, len, StandardCharsets.UTF_8));
        assertThat(j.path("type").asText()).isEqualTo("heartbeat");
        assertThat(j.path("seq").asLong()).isEqualTo(42);
        assertThat(j.path("time").asText()).isEqualTo("2026-11-24T01:02:03.456Z");
    }

    @Test
    void sseFormsAreACommentOrAnEventWithoutId() {
        assertThat(new String(beat.sse(false), StandardCharsets.UTF_8))
                .isEqualTo(": heartbeat 2026-11-24T01:02:03.456Z seq 42\n\n");
        String event = new String(beat.sse(true), StandardCharsets.UTF_8);
        assertThat(event)
                .startsWith("event: heartbeat\ndata: {")
                .doesNotContain("id:")
                .endsWith("}\n\n");
        String chunk = beat.sseChunk(true).toString(StandardCharsets.UTF_8);
        assertThat(chunk).isEqualTo(Integer.toHexString(beat.sse(true).length) + "\r\n" + event + "\r\n");
    }
}
