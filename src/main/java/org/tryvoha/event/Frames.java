package org.tryvoha.event;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one message on the wire, framed by hand because they bypass Netty's encoders: a
 * WebSocket text frame as a server sends it (RFC 6455 §5.2: FIN, opcode 1, no mask) and an SSE frame
 * inside one HTTP/1.1 chunk (RFC 9112 §7.1).
 */
public final class Frames {
    private Frames() {}

    /** One SSE frame; {@code json} has no line breaks (Jackson's compact output). */
    public static byte[] sse(long id, String event, String json) {
        String frame = (id >= 0 ? "id: " + id + "\n" : "") + "event: " + event + "\ndata: " + json + "\n\n";
        return frame.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code body} as one chunk of a chunked HTTP/1.1 body: hex length, CRLF, the bytes, CRLF. */
    public static byte[] sseChunk(byte[] body) {
        byte[] head = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length + 2);
        out.writeBytes(head);
        out.writeBytes(body);
        out.writeBytes(new byte[] {'\r', '\n'});
        return out.toByteArray();
    }

    /** The body of a chunk made by {@link #sseChunk}: a view, without the chunk's framing. */
    public static ByteBuf chunkBody(ByteBuf chunk) {
        int start = chunk.indexOf(chunk.readerIndex(), chunk.writerIndex(), (byte) '\n') + 1;
        return chunk.slice(start, chunk.writerIndex() - start - 2);
    }

    /** A final, unmasked WebSocket text frame carrying {@code utf8}. */
    public static byte[] wsText(byte[] utf8) {
        int n = utf8.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 10);
        out.write(0x81);
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) ((long) n >>> shift));
        }
        out.writeBytes(utf8);
        return out.toByteArray();
    }
}
