package org.tryvoha.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;

/** A Server-Sent Events connection: events carry {@code id:} = sequence, heartbeats are comments. */
final class SseSubscriber extends Subscriber {
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final boolean heartbeatEvents;

  /** @param heartbeatEvents heartbeats as {@code event: heartbeat} (visible to EventSource) instead of comments */
  SseSubscriber(Shard shard, HttpServerResponse response, HttpConnection connection, boolean heartbeatEvents) {
    super(shard, "sse");
    this.response = response;
    this.connection = connection;
    this.heartbeatEvents = heartbeatEvents;
  }

  @Override
  protected void writeEvent(EncodedEvent e) {
    response.write(e.sse());
  }

  @Override
  protected void writeControl(String type, long seq, String json) {
    response.write(EncodedEvent.sse(seq, type, json));
  }

  @Override
  protected void writeHeartbeat(long seq) {
    if (heartbeatEvents) {
      // no id: line, so the client's Last-Event-ID stays the last real event
      response.write(EncodedEvent.sse(-1, "heartbeat", "{\"type\":\"heartbeat\",\"seq\":" + seq + ",\"time\":\"" + Instant.now() + "\"}"));
    } else {
      response.write(Buffer.buffer(": heartbeat " + Instant.now() + " seq " + seq + "\n\n"));
    }
  }

  @Override
  protected boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  protected void end(String reason) {
    writeControl("disconnect", -1, EncodedEvent.toJson(java.util.Map.of("type", "disconnect", "reason", reason)));
    response.end();
    // ending the response leaves a keep-alive connection open, with its unsent bytes, for a client
    // that never reads: close the socket itself (the client resumes with its Last-Event-ID)
    connection.close();
  }
}
