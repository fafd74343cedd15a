package org.tryvoha.stream;

import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A WebSocket connection: every message is a JSON text frame with a {@code type}, written straight
 * to the channel ({@link DirectWriter}); only the close frame goes through Vert.x.
 */
final class WsSubscriber extends Subscriber {
  private final ServerWebSocket ws;
  private final DirectWriter out;

  WsSubscriber(Shard shard, ServerWebSocket ws, DirectWriter out) {
    super(shard, "ws");
    this.ws = ws;
    this.out = out;
  }

  @Override
  protected void writeEvent(EncodedEvent e) {
    out.write(e.wsFrame());
  }

  @Override
  protected void flush() {
    out.flush();
  }

  @Override
  protected void writeControl(String type, long seq, String json) {
    send(json);
  }

  /** One JSON text message of this connection's own (replies, errors, state). */
  void send(String json) {
    out.write(Frames.wsText(json.getBytes(StandardCharsets.UTF_8)));
    out.flush();
  }

  @Override
  protected void writeHeartbeat(long seq) {
    send(EncodedEvent.toJson(Map.of("type", "heartbeat", "seq", seq, "time", Instant.now().toString())));
  }

  @Override
  protected boolean writeQueueFull() {
    return out.full();
  }

  @Override
  protected void end(String reason) {
    send(EncodedEvent.toJson(Map.of("type", "disconnect", "reason", reason)));
    String shortReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
    ws.close((short) 4000, shortReason);
  }
}
