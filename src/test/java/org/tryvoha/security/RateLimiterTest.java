package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per address on a test clock; memory stays bounded under many addresses. */
class RateLimiterTest {
    final AtomicLong now = new AtomicLong();

    @Test
    void aBurstThenTheRateAndRetryAfterSaysWhen() {
        RateLimiter r = new RateLimiter(2, 3, 100, now::get);
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isEqualTo(1);
        assertThat(r.acquire("b")).as("another address has its own bucket").isZero();
        now.addAndGet(500_000_000); // half a second: one token at 2 a second
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isPositive();
    }

    @Test
    void manyAddressesStayWithinTheBoundAndShareTheOverflowBucket() {
        RateLimiter r = new RateLimiter(1, 2, 10, now::get);
        for (int i = 0; i < 10_000; i++) r.acquire("10.0." + (i / 256) + "." + (i % 256));
        assertThat(r.tracked()).isLessThanOrEqualTo(10);
        // the overflow bucket is shared by the new addresses, so a rotating flood is still limited
        assertThat(r.acquire("192.0.2.1")).isPositive();
        now.addAndGet(
                60_000_000_000L); // a minute later every bucket has refilled: idle ones are dropped for new addresses
        assertThat(r.acquire("192.0.2.1")).isZero();
        assertThat(r.tracked()).isLessThanOrEqualTo(10);
    }
}
