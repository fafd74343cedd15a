package org.tryvoha.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address: {@code perSecond} tokens a second, at most {@code burst} saved
 * up. Memory is bounded: at most {@code maxAddresses} buckets; when full, buckets that have refilled
 * (idle addresses) are dropped, and if none can be, new addresses share one overflow bucket, so a
 * flood of spoofed or rotating addresses is still limited. Thread-safe (used by every event loop).
 */
public final class RateLimiter {
    private final double perNano;
    private final int burst;
    private final int maxAddresses;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    public RateLimiter(int perSecond, int burst, int maxAddresses, LongSupplier nanos) {
        this((double) perSecond, burst, maxAddresses, nanos);
    }

    /** As above, for budgets slower than one token a second (e.g. ten failed key checks a minute). */
    public RateLimiter(double perSecond, int burst, int maxAddresses, LongSupplier nanos) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.maxAddresses = maxAddresses;
        this.nanos = nanos;
        this.overflow = new Bucket(this.burst, nanos.getAsLong());
    }

    /** Takes a token for {@code address}: 0 when allowed, else the whole seconds until one is free (for Retry-After). */
    public long acquire(String address) {
        long now = nanos.getAsLong();
        Bucket b = buckets.get(address);
        if (b == null) {
            if (buckets.size() >= maxAddresses) sweep(now);
            b = buckets.size() >= maxAddresses
                    ? overflow
                    : buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        }
        return b.take(now);
    }

    /**
     * Gives back a token taken by {@link #acquire} (at most up to the burst), for a budget that only
     * counts attempts that turn out to fail: the token is taken before the attempt, so concurrent
     * attempts cannot all pass before the first one fails.
     */
    public void refund(String address) {
        Bucket b = buckets.get(address);
        if (b == null) b = buckets.size() >= maxAddresses ? overflow : null;
        if (b != null) b.give(nanos.getAsLong());
    }

    /** Addresses tracked now (at most maxAddresses). */
    public int tracked() {
        return buckets.size();
    }

    private void sweep(long now) {
        buckets.values().removeIf(b -> b.full(now));
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return perNano <= 0 ? 3600 : Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        }

        synchronized void give(long now) {
            refill(now);
            tokens = Math.min(burst, tokens + 1);
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
