package org.tryvoha.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A Server-Sent Events connection: events carry {@code id:} = sequence, heartbeats are comments. Over
 * HTTP/1.1 every message after the response head is an HTTP chunk written straight to the channel
 * ({@link DirectWriter}); over HTTP/2 ({@code out == null}) the messages go through Vert.x's response.
 */
final class SseSubscriber extends Subscriber {
  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final DirectWriter out;
  private final boolean heartbeatEvents;

  /** @param heartbeatEvents heartbeats as {@code event: heartbeat} (visible to EventSource) instead of comments */
  SseSubscriber(Shard shard, HttpServerResponse response, HttpConnection connection, DirectWriter out, boolean heartbeatEvents) {
    super(shard, "sse");
    this.response = response;
    this.connection = connection;
    this.out = out;
    this.heartbeatEvents = heartbeatEvents;
  }

  @Override
  protected void writeEvent(EncodedEvent e) {
    if (out != null) out.write(e.sseChunk());
    else response.write(BufferInternal.buffer(Frames.chunkBody(e.sseChunk())));
  }

  @Override
  protected void flush() {
    if (out != null) out.flush();
  }

  @Override
  protected void writeControl(String type, long seq, String json) {
    send(Frames.sse(seq, type, json));
  }

  private void send(byte[] sseFrame) {
    if (out == null) {
      response.write(Buffer.buffer(sseFrame));
      return;
    }
    out.write(Frames.sseChunk(sseFrame));
    out.flush();
  }

  @Override
  protected void writeHeartbeat(Heartbeat beat) {
    if (out == null) {
      response.write(Buffer.buffer(beat.sse(heartbeatEvents)));
      return;
    }
    out.write(beat.sseChunk(heartbeatEvents));
    out.flush();
  }

  @Override
  protected boolean writeQueueFull() {
    return out != null ? out.full() : response.writeQueueFull();
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
