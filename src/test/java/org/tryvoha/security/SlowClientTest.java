package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/**
 * Clients that never finish a request are cut off after the request-read timeout (1 s here), while
 * long-lived streams stay open; a missing or malformed Host is a 400, never a 500.
 */
class SlowClientTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("TRYVOHA_REQUEST_READ_TIMEOUT_SECONDS", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code text}, then waits for the server to close; returns what it answered and how long that took. */
    static String sendAndAwaitClose(Socket s, String text, long[] millis) throws IOException {
        long t0 = System.nanoTime();
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
        } catch (SocketException reset) {
            // a reset is a close too
        }
        millis[0] = (System.nanoTime() - t0) / 1_000_000;
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadThatNeverCompletesIsCutOff() throws Exception {
        try (Socket s = server.rawSocket()) {
            long[] took = {0};
            sendAndAwaitClose(s, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ", took);
            assertThat(took[0]).isBetween(500L, 5_000L);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsCutOff() throws Exception {
        try (Socket s = server.rawSocket()) {
            long[] took = {0};
            sendAndAwaitClose(s, "", took);
            assertThat(took[0]).isBetween(500L, 5_000L);
        }
    }

    @Test
    void aBodyThatNeverCompletesIsCutOff() throws Exception {
        try (Socket s = server.rawSocket()) {
            long[] took = {0};
            sendAndAwaitClose(
                    s,
                    "POST /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"type\":",
                    took);
            assertThat(took[0]).isBetween(500L, 5_000L);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (Socket s = server.rawSocket()) {
            long[] took = {0};
            String got = sendAndAwaitClose(s, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", took);
            assertThat(got).startsWith("HTTP/1.1 200");
            assertThat(took[0]).isBetween(500L, 5_000L);
        }
    }

    @Test
    void aStreamOutlivesTheTimeout() throws Exception {
        try (Socket s = server.rawSocket()) {
            s.getOutputStream()
                    .write(
                            "GET /api/v1/stream?zone=UA63000000000041885 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            assertThat(in.read(buf)).isPositive();
            Thread.sleep(2_500);
            s.getOutputStream().write(new byte[0]);
            s.setSoTimeout(200);
            // still open: a read times out instead of reaching the end
            boolean open;
            try {
                int n = in.read(buf);
                open = n != -1;
            } catch (java.net.SocketTimeoutException e) {
                open = true;
            }
            assertThat(open).as("the stream is still open after the timeout").isTrue();
        }
    }

    static String exchange(String request) throws Exception {
        try (Socket s = server.rawSocket()) {
            long[] took = {0};
            return sendAndAwaitClose(s, request, took);
        }
    }

    static String captureErr(ThrowingSupplier body) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream was = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            body.get();
            Thread.sleep(200);
        } finally {
            System.setErr(was);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingSupplier {
        void get() throws Exception;
    }

    @Test
    void aRequestWithoutHostIs400WithoutAnErrorLog() throws Exception {
        String[] got = new String[1];
        String log = captureErr(() -> got[0] = exchange("GET /api/v1/alerts HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertThat(got[0]).startsWith("HTTP/1.1 400").contains("Host");
        assertThat(log).doesNotContain("ERROR");
    }

    @Test
    void aMalformedHostIs400WithoutAnErrorLog() throws Exception {
        for (String host : new String[] {"exa mple.org", "[::1", "a:b:c", "127.0.0.1:99999", "a/b", ""}) {
            String[] got = new String[1];
            String log = captureErr(() -> got[0] =
                    exchange("GET /api/v1/alerts HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
            assertThat(got[0]).as(host).startsWith("HTTP/1.1 400").contains("Host");
            assertThat(log).as(host).doesNotContain("ERROR");
        }
    }

    @Test
    void twoHostHeadersAre400() throws Exception {
        String got = exchange(
                "GET /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
        assertThat(got).startsWith("HTTP/1.1 400").contains("Host");
    }

    @Test
    void http10WithoutHostIsServed() throws Exception {
        String got = exchange("GET /api/v1/health HTTP/1.0\r\n\r\n");
        assertThat(got).startsWith("HTTP/1.0 200");
    }

    @Test
    void aGoodHostWithPortIsServed() throws Exception {
        String got = exchange("GET /api/v1/health HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n");
        assertThat(got).startsWith("HTTP/1.1 200");
        got = exchange("GET /api/v1/health HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n");
        assertThat(got).startsWith("HTTP/1.1 200");
    }
}
