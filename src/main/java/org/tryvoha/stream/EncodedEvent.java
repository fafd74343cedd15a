package org.tryvoha.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.tryvoha.Json;
import org.tryvoha.alert.Alert;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.alert.EventKind;

/**
 * An event serialised once per wire format; the same bytes go to every subscriber.
 *
 * <p>Both forms live in direct memory, so writing them to a socket copies nothing per subscriber
 * into the kernel beyond the write itself; each write takes a view ({@code slice}/{@code duplicate})
 * of the shared bytes, never a copy. The memory is the JDK's (freed by the GC), so no reference
 * counting is needed however many connections hold a view.
 *
 * @param zones the zones the event concerns (the alert's, and those an update dropped)
 * @param reach every zone whose subscribers hear of it
 * @param json the event as JSON (the WebSocket text message and the SSE data line)
 * @param sse the whole SSE frame: {@code id}, {@code event: alert}, {@code data}
 * @param wsText the UTF-8 bytes of {@code json}: the payload of the WebSocket text frame
 * @param encodedNanos {@link System#nanoTime()} when the event was encoded (it reached this node)
 */
public record EncodedEvent(
    AlertEvent event, List<String> zones, String[] reach, String json, Buffer sse, ByteBuf wsText, long encodedNanos) {

  /** The wire form of an event; {@code type} is always "event". */
  public record Wire(String type, long seq, EventKind kind, Instant at, Alert alert, List<String> previousZones) {}

  public long seq() {
    return event.seq();
  }

  /** Unsigned (benchmarks of the encoding alone); servers use {@link #of(AlertEvent, ZoneReach, String)}. */
  public static EncodedEvent of(AlertEvent e, ZoneReach reach) {
    return of(e, reach, toJson(new Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones())));
  }

  /** @param json the event's wire JSON, signed once for every channel (see org.tryvoha.signing.EventSigner) */
  public static EncodedEvent of(AlertEvent e, ZoneReach reach, String json) {
    long t = System.nanoTime();
    List<String> zones = ZoneReach.union(e.alert().zones(), e.previousZones());
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuf ws = Unpooled.unreleasableBuffer(direct(text));
    return new EncodedEvent(e, zones, reach.ofAll(zones), json, sseDirect(e.seq(), "alert", json), ws, t);
  }

  public static String toJson(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), ex);
    }
  }

  /** One SSE frame; {@code json} has no line breaks (Jackson's compact output). */
  public static Buffer sse(long id, String event, String json) {
    return Buffer.buffer(frame(id, event, json));
  }

  private static Buffer sseDirect(long id, String event, String json) {
    return BufferInternal.buffer(Unpooled.unreleasableBuffer(direct(frame(id, event, json))));
  }

  private static byte[] frame(long id, String event, String json) {
    String frame = (id >= 0 ? "id: " + id + "\n" : "") + "event: " + event + "\ndata: " + json + "\n\n";
    return frame.getBytes(StandardCharsets.UTF_8);
  }

  /** Direct memory owned by the JDK: freed with the last view, no release() needed. */
  private static ByteBuf direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return Unpooled.wrappedBuffer(b);
  }
}
