package org.tryvoha.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ZoneReach;

/**
 * An event serialised and framed once per wire format; the same bytes go to every subscriber.
 *
 * <p>Both frames live in direct memory and are written as they are to each socket: the WebSocket
 * frame (header + text payload, unmasked as a server sends it) and the SSE frame inside its HTTP/1.1
 * chunk. Each write takes a view ({@code duplicate}) of the shared bytes, never a copy. The memory is
 * the JDK's (freed by the GC), so no reference counting is needed however many connections hold a
 * view.
 *
 * @param zones the zones the event concerns (the alert's, and those an update dropped)
 * @param reach every zone whose subscribers hear of it
 * @param json the event as JSON (the WebSocket text message and the SSE data line)
 * @param sseChunk the whole SSE frame ({@code id}, {@code event: alert}, {@code data}) as one HTTP chunk
 * @param wsFrame the WebSocket text frame carrying {@code json}
 * @param real the alert is an actual one; exercise and test alerts reach only subscribers that opted
 *     in to drills
 * @param receivedNanos {@link System#nanoTime()} when this node's fan-out received the committed event
 *     (before signing and encoding it); with the in-process bus, right after the commit returned
 * @param encodedNanos {@link System#nanoTime()} when it was signed and encoded, i.e. handed to the
 *     event loops
 */
public record EncodedEvent(
        AlertEvent event,
        List<String> zones,
        String[] reach,
        String json,
        ByteBuf sseChunk,
        ByteBuf wsFrame,
        boolean real,
        long receivedNanos,
        long encodedNanos) {

    /**
     * The wire form of an event; {@code type} is always "event". {@code exercise} is true for an
     * exercise or test alert (absent for a real one).
     */
    public record Wire(
            String type,
            long seq,
            EventKind kind,
            Instant at,
            Alert alert,
            List<String> previousZones,
            Boolean exercise) {
        public Wire(String type, long seq, EventKind kind, Instant at, Alert alert, List<String> previousZones) {
            this(type, seq, kind, at, alert, previousZones, alert.status() == AlertStatus.ACTUAL ? null : Boolean.TRUE);
        }
    }

    public long seq() {
        return event.seq();
    }

    /**
     * The JSON's UTF-8 bytes (webhook bodies): a view of the WebSocket frame's payload, no copy. A
     * server's text frame is unmasked; its second byte gives the header's length (2, 4 or 10 bytes).
     */
    public ByteBuf jsonBytes() {
        int start = wsFrame.readerIndex();
        int len7 = wsFrame.getByte(start + 1) & 0x7f;
        int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
        return wsFrame.slice(start + header, wsFrame.readableBytes() - header);
    }

    /** Unsigned (benchmarks of the encoding alone); servers use {@link #of(AlertEvent, ZoneReach, String)}. */
    public static EncodedEvent of(AlertEvent e, ZoneReach reach) {
        return of(e, reach, toJson(new Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones())));
    }

    /** @param json the event's wire JSON, signed once for every channel (see org.tryvoha.signing.EventSigner) */
    public static EncodedEvent of(AlertEvent e, ZoneReach reach, String json) {
        return of(e, reach, json, System.nanoTime());
    }

    /** @param receivedNanos when the node received the event, before {@code json} was made */
    public static EncodedEvent of(AlertEvent e, ZoneReach reach, String json, long receivedNanos) {
        List<String> zones = ZoneReach.union(e.alert().zones(), e.previousZones());
        boolean real = e.alert().status() == AlertStatus.ACTUAL;
        ByteBuf sse = shared(Frames.sseChunk(Frames.sse(e.seq(), "alert", json)));
        ByteBuf ws = shared(Frames.wsText(json.getBytes(StandardCharsets.UTF_8)));
        return new EncodedEvent(e, zones, reach.ofAll(zones), json, sse, ws, real, receivedNanos, System.nanoTime());
    }

    public static String toJson(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), ex);
        }
    }

    /** Direct memory owned by the JDK: freed with the last view, no release() needed. */
    public static ByteBuf shared(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(b));
    }
}
