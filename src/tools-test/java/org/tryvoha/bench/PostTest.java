package org.tryvoha.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The harness's operator connection: requests and answers over one kept-alive socket, the server's own time read from its header. */
class PostTest {
    @Test
    void sendsOnOneConnectionAndReadsLengthAndChunkedAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " "
                    + x.getRequestHeaders().getFirst("Authorization") + " " + body + " "
                    + x.getRemoteAddress().getPort());
            byte[] out = ("{\"echo\":\"" + body.length() + "\"}").getBytes(StandardCharsets.UTF_8);
            if (x.getRequestURI().getPath().equals("/timed"))
                x.getResponseHeaders().add("Server-Timing", "app;dur=2.500;desc=\"request to answer\"");
            boolean chunked = x.getRequestURI().getPath().equals("/chunked");
            x.sendResponseHeaders(chunked ? 200 : 201, chunked ? 0 : out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        try (Post p = new Post("127.0.0.1", server.getAddress().getPort())) {
            Post.Response a =
                    p.send("POST", "/timed", "{\"a\":1}", "Authorization: Bearer k", "Content-Type: application/json");
            assertThat(a.status()).isEqualTo(201);
            assertThat(a.body()).isEqualTo("{\"echo\":\"7\"}");
            assertThat(a.serverMs()).isEqualTo(2.5);

            Post.Response b = p.send("POST", "/chunked", null);
            assertThat(b.status()).isEqualTo(200);
            assertThat(b.body()).isEqualTo("{\"echo\":\"0\"}");
            assertThat(b.serverMs()).isEqualTo(-1);

            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).startsWith("POST /timed Bearer k {\"a\":1} ");
            String port0 = seen.get(0).substring(seen.get(0).lastIndexOf(' ')),
                    port1 = seen.get(1).substring(seen.get(1).lastIndexOf(' '));
            assertThat(port1).as("the same kept-alive connection").isEqualTo(port0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void readsTheFirstMetricsDuration() {
        assertThat(Post.duration("app;dur=12.345;desc=\"x\"")).isEqualTo(12.345);
        assertThat(Post.duration("app; dur=3")).isEqualTo(3.0);
        assertThat(Post.duration("app;desc=\"no duration\"")).isEqualTo(-1);
    }
}
