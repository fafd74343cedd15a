package org.tryvoha.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.security.RateLimiter;

/**
 * The door in front of the slow hash of operator keys. Anyone may send a well-formed key for an
 * operator id they have seen (ids are shown to every viewer), and each one used to cost a PBKDF2 run
 * on a worker thread, so a few dozen connections starved the workers that commit alerts. Now:
 *
 * <ul>
 *   <li>each check first takes a token from the operator id's budget and from the client address's
 *       budget (given back when the key turns out right, so only failures count); an empty budget is
 *       a 429 with Retry-After at once, without hashing;
 *   <li>the hash itself runs on a small pool of its own with a short queue; when the queue is full the
 *       answer is a 503 with Retry-After at once, so at most {@code threads + queue} callers ever wait
 *       for it and the rest of the worker pool stays free for requests whose key is already verified
 *       (those never come here: see {@link Operators}).
 * </ul>
 *
 * Thread-safe.
 */
final class KeyChecks {
    private static final int MAX_TRACKED = 100_000;

    private final RateLimiter perOperator;
    private final RateLimiter perAddress;
    private final ThreadPoolExecutor pool;
    private final AuthSettings.KeyCheck s;

    KeyChecks(AuthSettings.KeyCheck s) {
        this.s = s;
        double window = s.failureWindowSeconds();
        this.perOperator = new RateLimiter(s.failures() / window, s.failures(), MAX_TRACKED, System::nanoTime);
        this.perAddress =
                new RateLimiter(s.addressFailures() / window, s.addressFailures(), MAX_TRACKED, System::nanoTime);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                s.threads(), s.threads(), 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(s.queue()), r -> {
                    Thread t = new Thread(r, "tryvoha-key-check-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // an idle server keeps no hashing thread
    }

    /**
     * Whether {@code secret} matches {@code keyHash}, checked with the slow hash on the key-check pool
     * once both budgets allow it. Blocking.
     *
     * @param address the client's address, or null when there is none (a NATS request): the operator
     *     id's budget still applies
     * @throws Refused when a budget is spent or the pool is full
     */
    boolean verify(String operatorId, String address, String secret, String keyHash) {
        long wait = address == null ? 0 : perAddress.acquire(address);
        if (wait > 0)
            throw new Refused(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "too many wrong operator keys from " + address + " (at most " + s.addressFailures() + " in "
                            + s.failureWindowSeconds() + " s); retry after " + wait + " s",
                    wait);
        wait = perOperator.acquire(operatorId);
        if (wait > 0) {
            if (address != null) perAddress.refund(address); // no key was checked for it
            throw new Refused(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "too many wrong keys for operator " + operatorId + " (at most " + s.failures() + " in "
                            + s.failureWindowSeconds() + " s); key checks for it are paused: retry after " + wait
                            + " s",
                    wait);
        }
        boolean ok;
        try {
            ok = hash(secret, keyHash);
        } catch (Refused r) {
            perOperator.refund(operatorId);
            if (address != null) perAddress.refund(address);
            throw r;
        }
        if (ok) {
            perOperator.refund(operatorId);
            if (address != null) perAddress.refund(address);
        }
        return ok;
    }

    private boolean hash(String secret, String keyHash) {
        Future<Boolean> f;
        try {
            f = pool.submit(() -> PasswordHash.verify(secret, keyHash));
        } catch (RejectedExecutionException e) {
            throw new Refused(
                    ErrorCode.UNAVAILABLE,
                    "too many operator key checks at once (" + s.threads() + " running, " + s.queue()
                            + " waiting); retry after 1 s",
                    1);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking an operator key", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A key check refused before hashing: the problem to answer and the seconds for Retry-After. */
    public static final class Refused extends RuntimeException {
        private final ProblemException problem;
        private final long retryAfterSeconds;

        Refused(ErrorCode code, String detail, long retryAfterSeconds) {
            super(detail, null, false, false);
            this.problem = new ProblemException(code, detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public ProblemException problem() {
            return problem;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
