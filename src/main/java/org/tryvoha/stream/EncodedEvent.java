package org.tryvoha.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
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
 * @param zones the zones the event concerns (the alert's, and those an update dropped)
 * @param reach every zone whose subscribers hear of it
 * @param json the event as JSON (the WebSocket text message and the SSE data line)
 * @param sse the whole SSE frame: {@code id}, {@code event: alert}, {@code data}
 */
public record EncodedEvent(AlertEvent event, List<String> zones, String[] reach, String json, Buffer sse) {

  /** The wire form of an event; {@code type} is always "event". */
  public record Wire(String type, long seq, EventKind kind, Instant at, Alert alert, List<String> previousZones) {}

  public long seq() {
    return event.seq();
  }

  public static EncodedEvent of(AlertEvent e, ZoneReach reach) {
    List<String> zones = ZoneReach.union(e.alert().zones(), e.previousZones());
    String json = toJson(new Wire("event", e.seq(), e.kind(), e.at(), e.alert(), e.previousZones()));
    return new EncodedEvent(e, zones, reach.ofAll(zones), json, sse(e.seq(), "alert", json));
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
    String frame = (id >= 0 ? "id: " + id + "\n" : "") + "event: " + event + "\ndata: " + json + "\n\n";
    return Buffer.buffer(frame.getBytes(StandardCharsets.UTF_8));
  }
}
