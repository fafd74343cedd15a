package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tryvoha.delivery.HttpPost;
import org.tryvoha.delivery.Outbound;

/** The one outgoing POST of the delivery channels: answers, errors, the hard deadline, and the outbound policy. */
class HttpPostTest {
    static HttpPost.Result post(HttpPost post, String url, long timeout) throws Exception {
        return post.post(url, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), timeout)
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void answersErrorsAndAnEndpointThatNeverAnswers() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Receiver r = new Receiver();
                HttpPost post = new HttpPost(vertx, 2, new Outbound(true))) {
            r.statuses.add(201);
            HttpPost.Result ok = post(post, r.url(), 10_000);
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.ok()).isTrue();
            assertThat(ok.statusClass()).isEqualTo("2xx");
            assertThat(new String(r.next().body())).isEqualTo("{}");

            r.statuses.add(503);
            assertThat(post(post, r.url(), 10_000).problem()).isEqualTo("HTTP 503 (5xx)");
            r.next();

            // a closed port is told as a class in our words, not as the network stack's message
            HttpPost.Result refused = post(post, "http://127.0.0.1:1/x", 10_000);
            assertThat(refused.status()).isZero();
            assertThat(refused.statusClass()).isEqualTo("refused");
            assertThat(refused.problem()).isEqualTo("refused: the connection was refused");

            r.hold = new CountDownLatch(1);
            HttpPost.Result late = post(post, r.url(), 200);
            assertThat(late.status()).isZero();
            assertThat(late.problem()).isEqualTo("timeout: no answer within 200 ms");
            r.hold.countDown();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRequestGoesToTheCheckedAddressWithTheUrlsHostInTheHostHeader() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Receiver r = new Receiver();
                HttpPost post = new HttpPost(vertx, 2, new Outbound(true))) {
            String url = r.url().replace("127.0.0.1", "localhost");
            assertThat(post(post, url, 10_000).ok()).isTrue();
            assertThat(r.next().header("Host")).isEqualTo(url.substring(7, url.indexOf("/hook")));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A service that is not HTTP (NATS greets with its banner): the answer's bytes never reach the result. */
    @Test
    void aNonHttpServiceIsToldAsAClassWithoutItsBanner() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket nats = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                HttpPost post = new HttpPost(vertx, 2, new Outbound(true))) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket c = nats.accept()) {
                    c.getOutputStream()
                            .write("INFO {\"server_id\":\"SECRET\",\"version\":\"2.10\"}\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (Exception ignored) {
                    // the test reads the result
                }
            });
            HttpPost.Result res = post(post, "http://127.0.0.1:" + nats.getLocalPort() + "/", 5_000);
            t.join();
            assertThat(res.status()).isZero();
            assertThat(res.problem())
                    .doesNotContain("SECRET")
                    .doesNotContain("INFO")
                    .doesNotContain("Exception");
            assertThat(res.statusClass()).isIn("failed", "closed", "timeout");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Refused before any connection: a receiver on loopback stands for the internal service and gets nothing. */
    @Test
    void aRefusedAddressGetsNoPacket() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Receiver r = new Receiver();
                HttpPost post = new HttpPost(vertx, 2, new Outbound(false))) {
            for (String url : new String[] {
                r.url(),
                r.url().replace("127.0.0.1", "localhost"),
                r.url().replace("127.0.0.1", "[::ffff:127.0.0.1]"),
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1:4222/"
            }) {
                HttpPost.Result res = post(post, url, 10_000);
                assertThat(res.status()).as(url).isZero();
                assertThat(res.statusClass()).as(url).isEqualTo("blocked");
                assertThat(res.millis()).as(url).isLessThan(5_000); // no connect timeout: no connection tried
            }
            assertThat(r.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
