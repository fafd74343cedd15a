package org.tryvoha.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A slow per-address quota for actions that make the server do work later (a push subscription
 * costs a request to its endpoint for every alert): {@code perMinute} actions a minute, at most that
 * many at once. The general request limit counts requests a second and is far too loose for that.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} buckets; when full, buckets that have refilled
 * are dropped, and if none can be, new addresses share one overflow bucket, so rotating addresses
 * are still limited together. Thread-safe.
 */
public final class AddressQuota {
    private final double perNano;
    private final int burst;
    private final int maxAddresses;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    /** @param perMinute actions a minute and at once; 0 turns the quota off */
    public AddressQuota(int perMinute, int maxAddresses, LongSupplier nanos) {
        this.perNano = perMinute / 60e9;
        this.burst = perMinute;
        this.maxAddresses = maxAddresses;
        this.nanos = nanos;
        this.overflow = new Bucket(burst, nanos.getAsLong());
    }

    /** Takes one action for {@code address}: 0 when allowed, else the whole seconds until one is (for Retry-After). */
    public long acquire(String address) {
        if (burst == 0) return 0;
        long now = nanos.getAsLong();
        Bucket b = buckets.get(address);
        if (b == null) {
            if (buckets.size() >= maxAddresses) buckets.values().removeIf(x -> x.full(now));
            b = buckets.size() >= maxAddresses
                    ? overflow
                    : buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        }
        return b.take(now);
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
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
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
