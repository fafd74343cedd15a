package org.tryvoha.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tryvoha.delivery.HttpPost;

/** The one outgoing POST of the delivery channels: answers, errors, and the hard deadline. */
class HttpPostTest {
    @Test
    void answersErrorsAndAnEndpointThatNeverAnswers() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Receiver r = new Receiver();
                HttpPost post = new HttpPost(vertx, 2)) {
            r.statuses.add(201);
            HttpPost.Result ok = post.post(r.url(), MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), 10_000)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.ok()).isTrue();
            assertThat(new String(r.next().body())).isEqualTo("{}");

            HttpPost.Result refused = post.post(
                            "http://127.0.0.1:1/x", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), 10_000)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(refused.status()).isZero();
            assertThat(refused.problem()).contains("Connection refused");

            r.hold = new CountDownLatch(1);
            HttpPost.Result late = post.post(r.url(), MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), 200)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(late.status()).isZero();
            assertThat(late.problem()).isEqualTo("no answer within 200 ms");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
