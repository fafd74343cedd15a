package org.tryvoha.stream;

import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.Map;

/** A WebSocket connection: every message is a JSON text frame with a {@code type}. */
final class WsSubscriber extends Subscriber {
  private final ServerWebSocket ws;

  WsSubscriber(Shard shard, ServerWebSocket ws) {
    super(shard, "ws");
    this.ws = ws;
  }

  @Override
  protected void writeEvent(EncodedEvent e) {
    ws.writeTextMessage(e.json());
  }

  @Override
  protected void writeControl(String type, long seq, String json) {
    ws.writeTextMessage(json);
  }

  @Override
  protected void writeHeartbeat(long seq) {
    ws.writeTextMessage(EncodedEvent.toJson(Map.of("type", "heartbeat", "seq", seq, "time", Instant.now().toString())));
  }

  @Override
  protected boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  @Override
  protected void end(String reason) {
    ws.writeTextMessage(EncodedEvent.toJson(Map.of("type", "disconnect", "reason", reason)));
    String shortReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
    ws.close((short) 4000, shortReason);
  }
}
