package org.tryvoha.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parsers of the byte streams the load generator reads (SSE over chunked HTTP, WebSocket
 * frames, MQTT 3.1.1 as a subscriber or as a siren, NATS, raw 300-byte records). Each keeps only a few bytes of state per
 * connection and reports message starts: an event with its sequence number, or "ready" (subscribed).
 *
 * <p>They all work alike, on what one read returned ({@code a[from..to)}, a heap copy of the generator's
 * one direct read buffer): framing by byte scans and lengths, the sequence number read from the first
 * {@value #HEAD} bytes of a message (no JSON parser), bodies skipped by length (or, for SSE, scanned
 * for line ends), nothing allocated per message.
 */
abstract class Wire {
    /** What a parser tells its connection. */
    interface Sink {
        void event(long seq);

        void ready();
    }

    /** Bytes of a message's start kept to find its type and sequence number. */
    static final int HEAD = 64;

    /** Parses {@code a[from..to)}, the next bytes of the stream. */
    abstract void feed(byte[] a, int from, int to, Sink sink);

    /** Parses a buffer's remaining bytes (a copy; for tests). */
    final void feed(ByteBuffer b, Sink sink) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        feed(a, 0, a.length, sink);
    }

    /** Parses the digits at {@code from} in {@code a}, or -1 when there are none. */
    static long digits(byte[] a, int from, int to) {
        long v = 0;
        int i = from;
        for (; i < to && a[i] >= '0' && a[i] <= '9'; i++) v = v * 10 + (a[i] - '0');
        return i == from ? -1 : v;
    }

    static int indexOf(byte[] a, int len, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= len; i++) {
            for (int j = 0; j < pat.length; j++) if (a[i + j] != pat[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Whether {@code a[from..len)} is exactly {@code pat}. */
    static boolean isAt(byte[] a, int from, int len, byte[] pat) {
        return len - from == pat.length && startsAt(a, from, len, pat);
    }

    /** Whether {@code a[from..len)} begins with {@code pat}. */
    static boolean startsAt(byte[] a, int from, int len, byte[] pat) {
        if (len - from < pat.length) return false;
        for (int j = 0; j < pat.length; j++) if (a[from + j] != pat[j]) return false;
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Skips the HTTP response head (checking its status), then hands the body to {@link #body}. */
    abstract static class Http extends Wire {
        private final byte[] status = new byte[12];
        private int statusLen;
        private int match; // how much of CR LF CR LF has been seen
        private boolean inBody;
        final String expect;

        /** @param expectStatus the HTTP status to expect, or null for a protocol without an HTTP head */
        Http(String expectStatus) {
            this.expect = expectStatus;
            this.inBody = expectStatus == null;
        }

        @Override
        final void feed(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (!inBody && i < to) {
                byte c = a[i++];
                if (statusLen < status.length) status[statusLen++] = c;
                match = (c == '\r' && (match == 0 || match == 2)) || (c == '\n' && (match == 1 || match == 3))
                        ? match + 1
                        : c == '\r' ? 1 : 0;
                if (match == 4) {
                    inBody = true;
                    String st = new String(status, 0, statusLen, StandardCharsets.US_ASCII);
                    if (!st.startsWith("HTTP/1.1 " + expect))
                        throw new IllegalStateException("unexpected response: " + st.strip());
                    headers(sink);
                }
            }
            if (inBody && i < to) body(a, i, to, sink);
        }

        void headers(Sink sink) {}

        abstract void body(byte[] a, int from, int to, Sink sink);
    }

    /** Server-Sent Events over HTTP/1.1 chunked encoding: {@code id:} then {@code event: alert|state}. */
    static final class Sse extends Http {
        private static final byte[] ID = ascii("id: "),
                EVENT = ascii("event: "),
                ALERT = ascii("alert"),
                STATE = ascii("state");
        private final boolean readyOnHeaders;
        private int chunkLeft = -1; // -1: reading a chunk-size line; -2: the CRLF after a chunk
        private long chunkSize;
        private final byte[] line = new byte[48];
        private int lineLen;
        private long id = -1;
        private boolean alert;

        /** @param readyOnHeaders a resuming stream is ready with its response (no state follows) */
        Sse(boolean readyOnHeaders) {
            super("200");
            this.readyOnHeaders = readyOnHeaders;
        }

        @Override
        void headers(Sink sink) {
            if (readyOnHeaders) sink.ready();
        }

        @Override
        void body(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (i < to) {
                if (chunkLeft == -1) {
                    byte c = a[i++];
                    if (c == '\n') {
                        chunkLeft = (int) chunkSize;
                        chunkSize = 0;
                        if (chunkLeft == 0) chunkLeft = -2;
                    } else if (c != '\r') chunkSize = chunkSize * 16 + Character.digit(c, 16);
                } else if (chunkLeft == -2 || chunkLeft == 0) {
                    if (a[i++] == '\n') chunkLeft = -1;
                } else {
                    int end = i + Math.min(chunkLeft, to - i);
                    lines(a, i, end, sink);
                    chunkLeft -= end - i;
                    i = end;
                    if (chunkLeft == 0) chunkLeft = -2;
                }
            }
        }

        /** The SSE text in {@code a[i..end)}: keeps each line's first bytes, acts at its end. */
        private void lines(byte[] a, int i, int end, Sink sink) {
            while (i < end) {
                int nl = i;
                while (nl < end && a[nl] != '\n') nl++;
                int keep = Math.min(nl - i, line.length - lineLen);
                System.arraycopy(a, i, line, lineLen, keep);
                lineLen += keep;
                if (nl == end) return;
                line(sink);
                i = nl + 1;
            }
        }

        private void line(Sink sink) {
            if (lineLen == 0) { // end of a message
                if (alert && id >= 0) sink.event(id);
                id = -1;
                alert = false;
            } else if (startsWith(ID)) {
                id = digits(line, ID.length, lineLen);
            } else if (startsWith(EVENT)) {
                alert = isAt(line, EVENT.length, lineLen, ALERT);
                if (isAt(line, EVENT.length, lineLen, STATE)) sink.ready();
            }
            lineLen = 0;
        }

        private boolean startsWith(byte[] p) {
            if (lineLen < p.length) return false;
            for (int i = 0; i < p.length; i++) if (line[i] != p[i]) return false;
            return true;
        }
    }

    /** A base for length-prefixed messages: subclasses parse a header, then the first bytes of the body are kept. */
    abstract static class Framed extends Http {
        final byte[] head = new byte[HEAD];
        int headLen;
        long left; // body bytes still to read
        boolean inHeader = true;

        Framed(String expectStatus) {
            super(expectStatus);
        }

        @Override
        void body(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (i < to) {
                if (inHeader) {
                    if (header(a[i++])) {
                        inHeader = false;
                        headLen = 0;
                        if (left == 0) done(sink);
                    }
                } else {
                    int n = (int) Math.min(left, to - i);
                    int keep = Math.min(n, HEAD - headLen);
                    System.arraycopy(a, i, head, headLen, keep);
                    headLen += keep;
                    i += n;
                    left -= n;
                    if (left == 0) done(sink);
                }
            }
        }

        private void done(Sink sink) {
            message(sink);
            inHeader = true;
        }

        /** Takes one header byte; true when the header is complete and {@link #left} is set. */
        abstract boolean header(byte c);

        abstract void message(Sink sink);
    }

    /** WebSocket (RFC 6455) server frames: JSON text messages with a {@code type}. */
    static final class Ws extends Framed {
        private static final byte[] EVENT = ascii("{\"type\":\"event\",\"seq\":");
        private static final byte[] STATE = ascii("\"type\":\"state\""), SUBSCRIBED = ascii("\"type\":\"subscribed\"");
        private final boolean readyOnSubscribed;
        private final byte[] hdr = new byte[10];
        private int hdrLen, hdrNeed = 2;

        Ws(boolean readyOnSubscribed) {
            super("101");
            this.readyOnSubscribed = readyOnSubscribed;
        }

        @Override
        boolean header(byte c) {
            hdr[hdrLen++] = c;
            if (hdrLen == 2) {
                int l = hdr[1] & 0x7F;
                hdrNeed = l == 126 ? 4 : l == 127 ? 10 : 2;
            }
            if (hdrLen < hdrNeed) return false;
            int l = hdr[1] & 0x7F;
            if (l == 126) left = ((hdr[2] & 0xFF) << 8) | (hdr[3] & 0xFF);
            else if (l == 127) {
                left = 0;
                for (int i = 2; i < 10; i++) left = left << 8 | (hdr[i] & 0xFF);
            } else left = l;
            hdrLen = 0;
            hdrNeed = 2;
            return true;
        }

        @Override
        void message(Sink sink) {
            if (indexOf(head, headLen, EVENT) == 0) sink.event(digits(head, EVENT.length, headLen));
            else if (indexOf(head, headLen, STATE) >= 0 || readyOnSubscribed && indexOf(head, headLen, SUBSCRIBED) >= 0)
                sink.ready();
        }
    }

    /** The payload every peer carries: {@code seq=N;} then padding to 300 bytes. */
    static byte[] payload(long seq, int size) {
        byte[] p = new byte[size];
        Arrays.fill(p, (byte) 'x');
        byte[] s = ascii("seq=" + seq + ";");
        System.arraycopy(s, 0, p, 0, s.length);
        return p;
    }

    static long payloadSeq(byte[] head, int from, int len) {
        return len - from > 4 && head[from] == 's' && head[from + 3] == '=' ? digits(head, from + 4, len) : -1;
    }

    /** The start of a Tryvoha event's JSON (SSE data, WebSocket message, MQTT {@code tryvoha/events}). */
    static final byte[] EVENT_JSON = ascii("{\"type\":\"event\",\"seq\":");

    /**
     * MQTT 3.1.1: CONNACK, SUBACK (ready) and PUBLISH (QoS 0, or QoS 1 without its packet id in the
     * count) to one topic; the payload is a peer's {@code seq=N;} record or a Tryvoha event's JSON.
     */
    static final class Mqtt extends Framed {
        private int type = -1, mult = 1;

        Mqtt() {
            super(null);
        }

        @Override
        boolean header(byte c) {
            if (type < 0) {
                type = (c & 0xF0) >> 4;
                left = 0;
                mult = 1;
                return false;
            }
            left += (c & 0x7F) * (long) mult;
            mult *= 128;
            return (c & 0x80) == 0;
        }

        @Override
        void message(Sink sink) {
            if (type == 9) sink.ready();
            else if (type == 3 && headLen > 2) {
                int topicLen = ((head[0] & 0xFF) << 8) | (head[1] & 0xFF);
                int at = 2 + topicLen;
                long seq = payloadSeq(head, at, headLen);
                if (seq < 0 && headLen > at && startsAt(head, at, headLen, EVENT_JSON)) {
                    seq = digits(head, at + EVENT_JSON.length, headLen);
                }
                if (seq >= 0) sink.event(seq);
            }
            type = -1;
        }
    }

    /**
     * A siren's side of MQTT 3.1.1: SUBACK (ready) and each PUBLISH whole (up to {@value #MAX} bytes;
     * longer ones are skipped), with its retain flag, QoS and packet id; everything else (CONNACK,
     * PUBACK, PINGRESP) is read and ignored.
     */
    static final class Siren extends Wire {
        /** Where a siren's messages go. */
        interface Commands extends Sink {
            void publish(boolean retained, int qos, int packetId, byte[] packet, int payloadFrom, int payloadTo);
        }

        static final int MAX = 4096;
        private final byte[] packet = new byte[MAX];
        private int first = -1, mult, kept;
        private long left, total;
        private boolean inHeader = true;

        @Override
        void feed(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (i < to) {
                if (inHeader) {
                    int c = a[i++] & 0xFF;
                    if (first < 0) {
                        first = c;
                        left = 0;
                        mult = 1;
                        continue;
                    }
                    left += (c & 0x7F) * (long) mult;
                    mult *= 128;
                    if ((c & 0x80) == 0) {
                        inHeader = false;
                        kept = 0;
                        total = left;
                        if (left == 0) done(sink);
                    }
                } else {
                    int n = (int) Math.min(left, to - i);
                    int keep = Math.max(0, Math.min(n, MAX - kept));
                    System.arraycopy(a, i, packet, kept, keep);
                    i += n;
                    kept += keep;
                    left -= n;
                    if (left == 0) done(sink);
                }
            }
        }

        private void done(Sink sink) {
            int type = first >> 4;
            if (type == 9) sink.ready();
            else if (type == 3 && total <= MAX && kept >= 2) {
                int qos = (first >> 1) & 3;
                int at = 2 + (((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF));
                int id = 0;
                if (qos > 0 && at + 2 <= kept) {
                    id = ((packet[at] & 0xFF) << 8) | (packet[at + 1] & 0xFF);
                    at += 2;
                }
                if (at <= kept) ((Commands) sink).publish((first & 1) != 0, qos, id, packet, at, kept);
            }
            first = -1;
            inHeader = true;
        }

        /** The string value of {@code "key":"..."} in a flat JSON object, or null. */
        static String text(byte[] a, int from, int to, String key) {
            int at = find(a, from, to, ascii("\"" + key + "\":\""));
            if (at < 0) return null;
            int end = at;
            while (end < to && a[end] != '"') end++;
            return end < to ? new String(a, at, end - at, StandardCharsets.UTF_8) : null;
        }

        /** The number of {@code "key":N} in a flat JSON object, or -1. */
        static long number(byte[] a, int from, int to, String key) {
            int at = find(a, from, to, ascii("\"" + key + "\":"));
            return at < 0 ? -1 : digits(a, at, to);
        }

        private static int find(byte[] a, int from, int to, byte[] pat) {
            outer:
            for (int i = from; i + pat.length <= to; i++) {
                for (int j = 0; j < pat.length; j++) if (a[i + j] != pat[j]) continue outer;
                return i + pat.length;
            }
            return -1;
        }
    }

    /** NATS text protocol: {@code MSG subject sid size} + payload; PONG to our PING means subscribed. */
    static final class Nats extends Wire {
        private static final byte[] MSG = ascii("MSG "), PONG = ascii("PONG"), PING = ascii("PING");
        private final byte[] line = new byte[128];
        private int lineLen;
        private long left = -1;
        private final byte[] head = new byte[HEAD];
        private int headLen;
        boolean pingReceived;

        @Override
        void feed(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (i < to) {
                if (left >= 0) {
                    int n = (int) Math.min(left, to - i);
                    int keep = Math.min(n, HEAD - headLen);
                    System.arraycopy(a, i, head, headLen, keep);
                    headLen += keep;
                    i += n;
                    left -= n;
                    if (left == 0) {
                        left = -1;
                        long seq = payloadSeq(head, 0, headLen);
                        if (seq >= 0) sink.event(seq);
                    }
                    continue;
                }
                byte c = a[i++];
                if (c != '\n') {
                    if (lineLen < line.length && c != '\r') line[lineLen++] = c;
                    continue;
                }
                if (startsAt(line, 0, lineLen, MSG)) { // MSG subject sid [reply] size
                    int s = lineLen;
                    while (s > 0 && line[s - 1] != ' ') s--;
                    long size = digits(line, s, lineLen);
                    if (size < 0) throw new IllegalStateException("a NATS MSG line without its size");
                    left = size + 2; // payload and its CRLF
                    headLen = 0;
                } else if (isAt(line, 0, lineLen, PONG)) sink.ready();
                else if (isAt(line, 0, lineLen, PING)) pingReceived = true;
                lineLen = 0;
            }
        }
    }

    /** The floor: fixed 300-byte records starting {@code seq=N;}, nothing else. */
    static final class Raw extends Wire {
        private final int size;
        private final byte[] head = new byte[HEAD];
        private int pos;

        Raw(int size) {
            this.size = size;
        }

        @Override
        void feed(byte[] a, int from, int to, Sink sink) {
            int i = from;
            while (i < to) {
                int n = Math.min(size - pos, to - i);
                if (pos < HEAD)
                    System.arraycopy(
                            a,
                            i,
                            head,
                            pos,
                            Math.min(n, HEAD - pos)); // (a record split past its head was once an error)
                i += n;
                pos += n;
                if (pos == size) {
                    sink.event(payloadSeq(head, 0, Math.min(size, HEAD)));
                    pos = 0;
                }
            }
        }
    }
}
