package org.tryvoha.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's side of the harness: one blocking HTTP/1.1 keep-alive connection, used by one
 * thread, that writes a request and reads its response on that same thread.
 *
 * <p>The JDK's {@code HttpClient} hands each response from its selector thread to an executor thread
 * before the caller wakes: on this 2-core box, with the server and the generators busy fanning out,
 * each of those hops waits for a core, and the POST's measured time was mostly the harness's own
 * (the first subscriber's event regularly arrived before the 201 that preceded it on the wire). Here
 * the caller blocks in {@code read} and is the only thread woken.
 */
final class Post implements AutoCloseable {
    /** Responses larger than this are refused (the API's answers are a few KiB). */
    static final int MAX_BODY = 4 << 20;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * A status code and body, and the server's own time for the request from its {@code Server-Timing}
     * header ({@code dur=} of the first metric, ms), or -1 without one.
     */
    record Response(int status, String body, double serverMs) {}

    Post(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends {@code method path} with the headers (each "Name: value") and the body (null: none), and
     * returns the response. Reconnects once when the server closed the kept-alive connection.
     */
    Response send(String method, String path, String body, String... headers) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Content-Length: ")
                .append(payload.length)
                .append("\r\n");
        for (String h : headers) head.append(h).append("\r\n");
        head.append("\r\n");
        ByteArrayOutputStream req = new ByteArrayOutputStream(head.length() + payload.length);
        req.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        req.writeBytes(payload);
        boolean fresh = socket == null;
        try {
            return exchange(req.toByteArray());
        } catch (IOException e) {
            close();
            if (fresh) throw e;
            return exchange(req.toByteArray()); // the kept-alive connection was closed: once more, on a new one
        }
    }

    private Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 << 10);
            out = socket.getOutputStream();
        }
        out.write(request);
        out.flush();
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
            throw new IOException("not an HTTP response: " + status);
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false, close = false;
        double serverMs = -1;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Long.parseLong(value);
            else if (name.equals("transfer-encoding"))
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            else if (name.equals("connection")) close = value.equalsIgnoreCase("close");
            else if (name.equals("server-timing")) serverMs = duration(value);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {} // trailers
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("response without Content-Length or chunked encoding (status " + code + ")");
        }
        if (close) close();
        return new Response(code, body.toString(StandardCharsets.UTF_8), serverMs);
    }

    /** The {@code dur=} of a {@code Server-Timing} value's first metric, or -1. */
    static double duration(String serverTiming) {
        Matcher m = Pattern.compile(";\\s*dur=([0-9.]+)").matcher(serverTiming);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        if (to.size() + n > MAX_BODY) throw new IOException("response body over " + MAX_BODY + " bytes");
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) throw new EOFException("connection closed inside a response body");
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("connection closed inside a response head");
            if (sb.length() > 16 << 10) throw new IOException("response header line over 16 KiB");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
        socket = null;
    }
}
