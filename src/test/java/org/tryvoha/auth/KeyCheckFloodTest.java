package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.auth.Ops.KHARKIV_OBLAST;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/**
 * Wrong keys for an operator id anyone can see (the ids are shown in /approvals) reach the slow hash
 * only within a budget per operator id and per client address; past it they get 429 with Retry-After
 * without hashing, and a request whose key is already verified is answered all the same.
 */
class KeyCheckFloodTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    /** A well-formed key for {@code key}'s operator id with a wrong secret. */
    static String wrong(String key) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return key.substring(0, 17) + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void aFloodOfWrongKeysForOneOperatorHashesAtMostTheBudgetAndAVerifiedRaiseStillGoesThrough() throws Exception {
        try (TestServer s = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_OPERATOR_KEY_FAILURES", "5",
                        "TRYVOHA_OPERATOR_KEY_ADDRESS_FAILURES", "100000",
                        "TRYVOHA_OPERATOR_KEY_FAILURE_WINDOW_SECONDS", "3600"))) {
            String target = Ops.create(s, "target", "viewer", "\"*\"", "\"*\"");
            String raiser = Ops.create(s, "raiser", "operator", "[\"" + KHARKIV_OBLAST + "\"]", "\"*\"");
            assertThat(s.send("GET", "/api/v1/whoami", null, raiser).status())
                    .isEqualTo(200); // verified once: remembered
            long before = PasswordHash.VERIFIED.get();

            ExecutorService pool = Executors.newFixedThreadPool(40);
            try {
                List<Future<Answer>> flood = new ArrayList<>();
                for (int i = 0; i < 200; i++)
                    flood.add(pool.submit(() -> s.send("GET", "/api/v1/whoami", null, wrong(target))));
                Answer raised = s.send("POST", "/api/v1/alerts", Ops.alert("air_raid", KHARKIV_OBLAST), raiser);
                assertThat(raised.status()).as(raised.raw().body()).isEqualTo(201);
                int tooMany = 0;
                for (Future<Answer> f : flood) {
                    Answer a = f.get();
                    assertThat(a.status()).as(a.raw().body()).isIn(401, 429, 503);
                    if (a.status() == 429) {
                        tooMany++;
                        assertThat(a.raw().headers().firstValue("Retry-After"))
                                .hasValueSatisfying(
                                        v -> assertThat(Long.parseLong(v)).isPositive());
                        assertThat(a.json().path("detail").asText())
                                .contains("too many wrong keys for operator " + target.substring(4, 16))
                                .contains("retry after");
                    }
                }
                assertThat(tooMany).isGreaterThanOrEqualTo(190);
            } finally {
                pool.shutdownNow();
            }
            assertThat(PasswordHash.VERIFIED.get() - before)
                    .as("slow hashes run for 200 wrong keys")
                    .isLessThanOrEqualTo(5);
            // the raiser's key stays verified through it all
            assertThat(s.send("GET", "/api/v1/whoami", null, raiser).status()).isEqualTo(200);
        }
    }

    @Test
    void wrongKeysFromOneAddressPauseThatAddressOnly() throws Exception {
        try (TestServer s = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_OPERATOR_KEY_FAILURES", "100000",
                        "TRYVOHA_OPERATOR_KEY_ADDRESS_FAILURES", "3",
                        "TRYVOHA_OPERATOR_KEY_FAILURE_WINDOW_SECONDS", "3600",
                        "TRYVOHA_TRUST_FORWARDED_FOR", "true"))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) ids.add(Ops.create(s, "op" + i, "viewer", "\"*\"", "\"*\""));
            long before = PasswordHash.VERIFIED.get();
            for (int i = 0; i < 3; i++)
                assertThat(whoami(s, wrong(ids.get(i)), "192.0.2.7").status()).isEqualTo(401);
            Answer paused = whoami(s, wrong(ids.get(3)), "192.0.2.7");
            assertThat(paused.status()).isEqualTo(429);
            assertThat(paused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(paused.json().path("detail").asText()).contains("too many wrong operator keys from 192.0.2.7");
            assertThat(PasswordHash.VERIFIED.get() - before).isEqualTo(3);
            // another address is still heard, and a right key from the paused one is not counted against it
            assertThat(whoami(s, wrong(ids.get(3)), "192.0.2.8").status()).isEqualTo(401);
            assertThat(whoami(s, ids.get(0), "192.0.2.8").status()).isEqualTo(200);
            assertThat(whoami(s, ids.get(0), "192.0.2.7").status())
                    .as("a verified key is never throttled")
                    .isEqualTo(200);
        }
    }

    @Test
    void aRightKeyWorksAgainAfterTheLockout() throws Exception {
        try (TestServer s = Ops.server(
                dir,
                Map.of(
                        "TRYVOHA_OPERATOR_KEY_FAILURES", "2",
                        "TRYVOHA_OPERATOR_KEY_FAILURE_WINDOW_SECONDS", "10"))) { // one back every 5 s
            String key = Ops.create(s, "locked", "viewer", "\"*\"", "\"*\"");
            assertThat(s.send("GET", "/api/v1/whoami", null, wrong(key)).status())
                    .isEqualTo(401);
            assertThat(s.send("GET", "/api/v1/whoami", null, wrong(key)).status())
                    .isEqualTo(401);
            Answer paused = s.send("GET", "/api/v1/whoami", null, wrong(key));
            assertThat(paused.status()).isEqualTo(429);
            assertThat(paused.json().path("code").asText()).isEqualTo("too_many_requests");
            long wait = Long.parseLong(
                    paused.raw().headers().firstValue("Retry-After").orElseThrow());
            assertThat(wait).isBetween(1L, 5L);
            // not yet verified: the right key waits out the pause too (it cannot be told apart unhashed)
            assertThat(s.send("GET", "/api/v1/whoami", null, key).status()).isEqualTo(429);
            Thread.sleep(wait * 1000 + 200);
            assertThat(s.send("GET", "/api/v1/whoami", null, key).status()).isEqualTo(200);
        }
    }

    private static Answer whoami(TestServer s, String key, String forwardedFor) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.base + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + key)
                .header("X-Forwarded-For", forwardedFor)
                .GET()
                .build());
    }
}
