package org.tryvoha.stream;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
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
    // writeTextMessage(String) would encode the JSON to UTF-8 again for every subscriber; Vert.x 5 has
    // no public text frame over a Buffer, so its frame class carries a view of the shared bytes
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, e.wsText().duplicate(), true));
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
