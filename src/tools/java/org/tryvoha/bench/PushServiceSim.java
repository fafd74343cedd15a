package org.tryvoha.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tryvoha.delivery.webpush.EcProvider;
import org.tryvoha.delivery.webpush.PushCrypto;
import org.tryvoha.json.Json;

/**
 * A local push service: the receiving side of RFC 8030 for {@code n} browsers, over HTTP/2 (h2c) on
 * loopback. Every push is checked as a push service and then the browser would: a {@code POST} to a
 * known subscription, {@code Content-Encoding: aes128gcm}, {@code Urgency} and {@code TTL} present,
 * a VAPID token (RFC 8292) whose ES256 signature verifies with the expected key, whose {@code aud}
 * is this origin and whose {@code exp} lies within 24 hours (each distinct token is verified once,
 * as push services cache them), and a body that decrypts for that browser (RFC 8291) to an event
 * JSON. A push that fails a check is answered 400 and counted in {@link #rejected}.
 *
 * <p>With {@code decryptEvery} N above 1 (a benchmark of the sender's own rate, where the push
 * service's decryption would take half the cores) every push still has its request, its VAPID token
 * and its RFC 8188 framing checked (salt, record size, a 65-byte uncompressed key id, one record),
 * but only one in N is decrypted: browser {@code i}'s {@code k}-th push when {@code (i + k) % N ==
 * 0}, so each event has n/N decrypted pushes spread over the browsers and every browser has one in
 * N of its pushes decrypted. The other pushes are counted for the event of the same ordinal: each
 * event goes once to every browser, in order, and a push whose decrypted event is not the one of its
 * ordinal is refused.
 *
 * <p>Per event sequence number it keeps how many pushes arrived, when the first and the last did,
 * and the event's own time ({@code at}), so a benchmark can tell commit → last push.
 */
public final class PushServiceSim implements AutoCloseable {
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    /** One per event loop: looking the provider up for every push costs more than the decryption. */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no AES-GCM", e);
        }
    });

    /** One browser: its key pair and auth secret, and what it gives the server to subscribe. */
    public record Browser(KeyPair keys, byte[] publicKey, byte[] auth) {
        static Browser create(SecureRandom random) {
            byte[] auth = new byte[16];
            random.nextBytes(auth);
            KeyPair k = EcProvider.newKeyPair();
            return new Browser(k, PushCrypto.uncompressed(k.getPublic()), auth);
        }
    }

    /** What arrived for one event. */
    public static final class Arrivals {
        volatile long seq = -1;
        public final LongAdder count = new LongAdder();
        public final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE), lastNanos = new AtomicLong();
        public volatile Instant at;
        public volatile long atNanos; // `at` on this JVM's nano clock
        public final Map<String, Boolean> ttls = new ConcurrentHashMap<>();
    }

    public final Browser[] browsers;
    public final LongAdder accepted = new LongAdder(), rejected = new LongAdder(), h2 = new LongAdder();
    public final Map<Long, Arrivals> events = new ConcurrentHashMap<>();
    /** The last reason a push was refused (for a test's message). */
    public volatile String lastRejection;

    private final Map<String, Boolean> verifiedTokens = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final HttpServer server;
    private volatile byte[] vapidKey;
    private volatile java.security.PublicKey vapidVerifier;
    private final long nanoOffset = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
    /** Paths answered with this status instead of 201 (e.g. 410 for an expired subscription). */
    public final Map<Integer, Integer> answers = new ConcurrentHashMap<>();

    private final int decryptEvery;
    /** How many pushes each browser got: the ordinal of its next one (with {@code decryptEvery} > 1). */
    private final AtomicIntegerArray received;
    /** What arrived for the k-th event of every browser (with {@code decryptEvery} > 1). */
    private final Map<Integer, Arrivals> byOrdinal = new ConcurrentHashMap<>();

    /** Starts on 127.0.0.1 (any free port) with {@code n} browsers, made on all cores; decrypts every push. */
    public PushServiceSim(int n, int eventLoops) throws Exception {
        this(n, eventLoops, 1);
    }

    /** As {@link #PushServiceSim(int, int)}, decrypting one push in {@code decryptEvery}. */
    public PushServiceSim(int n, int eventLoops, int decryptEvery) throws Exception {
        if (decryptEvery < 1) throw new IllegalArgumentException("decryptEvery must be at least 1");
        this.decryptEvery = decryptEvery;
        this.received = new AtomicIntegerArray(n);
        browsers = new Browser[n];
        SecureRandom random = new SecureRandom();
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> browsers[i] = Browser.create(random));
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(eventLoops));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setHttp2ClearTextEnabled(true)
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(250)));
        server.requestHandler(this::handle);
        server.listen().await();
    }

    public int port() {
        return server.actualPort();
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public String endpoint(int i) {
        return origin() + "/p/" + i;
    }

    /** The server's VAPID public key (base64url), which every token must carry and verify with. */
    public void expectVapidKey(String base64url) {
        vapidKey = D64.decode(base64url);
        vapidVerifier = PushCrypto.publicKey(vapidKey);
    }

    private void handle(HttpServerRequest req) {
        if (req.version() == HttpVersion.HTTP_2) h2.increment();
        req.body().onSuccess(body -> {
            long now = System.nanoTime();
            String why;
            try {
                why = check(req, body.getBytes(), now);
            } catch (Exception e) {
                why = e.toString();
            }
            if (why != null) {
                rejected.increment();
                lastRejection = why;
                req.response().setStatusCode(400).end(why);
                return;
            }
            int i = index(req.path());
            Integer status = answers.get(i);
            if (status != null) {
                req.response().setStatusCode(status).end();
                return;
            }
            accepted.increment();
            req.response()
                    .setStatusCode(201)
                    .putHeader("location", origin() + "/m/" + now)
                    .end();
        });
    }

    private static int index(String path) {
        return path.startsWith("/p/") ? Integer.parseInt(path.substring(3)) : -1;
    }

    /** Null when the push is right, else what is wrong with it. */
    private String check(HttpServerRequest req, byte[] body, long now) throws Exception {
        if (req.method() != io.vertx.core.http.HttpMethod.POST) return "not a POST";
        int i = index(req.path());
        if (i < 0 || i >= browsers.length) return "no such subscription " + req.path();
        if (!"aes128gcm".equals(req.getHeader("content-encoding"))) return "content-encoding is not aes128gcm";
        String urgency = req.getHeader("urgency"), ttl = req.getHeader("ttl");
        if (urgency == null) return "no Urgency";
        if (ttl == null || ttl.isEmpty() || !ttl.chars().allMatch(c -> c >= '0' && c <= '9')) return "no TTL";
        String why = checkVapid(req.getHeader("authorization"));
        if (why != null) return why;
        Arrivals a;
        if (decryptEvery == 1) {
            byte[] plain = decrypt(browsers[i], body);
            long seq = seq(plain);
            if (seq < 0) return "not an event";
            a = events.computeIfAbsent(seq, k -> new Arrivals());
            if (a.at == null) committed(a, plain);
        } else {
            int k = received.getAndIncrement(i);
            a = byOrdinal.computeIfAbsent(k, x -> new Arrivals());
            if (Math.floorMod(i + k, decryptEvery) == 0) {
                byte[] plain = decrypt(browsers[i], body);
                long seq = seq(plain);
                if (seq < 0) return "not an event";
                synchronized (a) {
                    if (a.seq < 0) {
                        committed(a, plain);
                        a.seq = seq;
                        events.put(seq, a);
                    } else if (a.seq != seq)
                        return "push " + k + " of browser " + i + " is event " + seq + ", not " + a.seq;
                }
            } else {
                String bad = framing(body);
                if (bad != null) return bad;
            }
        }
        a.ttls.putIfAbsent(ttl + "/" + urgency, true);
        a.count.increment();
        a.firstNanos.accumulateAndGet(now, Math::min);
        a.lastNanos.accumulateAndGet(now, Math::max);
        return null;
    }

    private void committed(Arrivals a, byte[] plain) throws Exception {
        JsonNode event = Json.MAPPER.readTree(plain);
        Instant at = Instant.parse(event.path("at").asText());
        a.atNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano() - nanoOffset;
        a.at = at;
    }

    /** RFC 8188's header and one record, as far as it can be checked without the browser's key. */
    static String framing(byte[] body) {
        int head = 16 + 4 + 1 + 65;
        if (body.length < head + 17) return "shorter than an aes128gcm header and one record";
        ByteBuffer b = ByteBuffer.wrap(body, 16, 6);
        int rs = b.getInt(), idlen = b.get() & 0xff;
        if (rs < 18) return "record size " + rs;
        if (idlen != 65 || b.get() != 4) return "the key id is not an uncompressed P-256 point";
        if (body.length - head > rs) return "more than one record";
        return null;
    }

    private static long seq(byte[] plain) {
        byte[] key = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < plain.length; i++) {
            for (int j = 0; j < key.length; j++) if (plain[i + j] != key[j]) continue outer;
            long v = 0;
            int k = i + key.length;
            if (k >= plain.length || plain[k] < '0' || plain[k] > '9') return -1;
            while (k < plain.length && plain[k] >= '0' && plain[k] <= '9') v = v * 10 + plain[k++] - '0';
            return v;
        }
        return -1;
    }

    private String checkVapid(String authorization) throws Exception {
        if (authorization == null || !authorization.startsWith("vapid t=")) return "no VAPID authorization";
        int k = authorization.indexOf(", k=");
        if (k < 0) return "no k= in the VAPID authorization";
        byte[] key = D64.decode(authorization.substring(k + 4));
        if (vapidKey != null && !Arrays.equals(key, vapidKey)) return "VAPID key is not the server's";
        if (verifiedTokens.containsKey(authorization)) return null; // a token is verified once, as push services do
        String[] jwt = authorization.substring(8, k).split("\\.");
        if (jwt.length != 3) return "the VAPID token is not a JWT";
        JsonNode header = Json.MAPPER.readTree(D64.decode(jwt[0])), claims = Json.MAPPER.readTree(D64.decode(jwt[1]));
        if (!"ES256".equals(header.path("alg").asText())) return "VAPID alg is not ES256";
        if (!origin().equals(claims.path("aud").asText())) return "VAPID aud is " + claims.path("aud");
        long exp = claims.path("exp").asLong(), now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) return "VAPID exp out of range";
        if (!claims.path("sub").asText().matches("(mailto:|https://).+")) return "VAPID sub is no contact";
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(vapidVerifier != null ? vapidVerifier : PushCrypto.publicKey(key));
        es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!es256.verify(D64.decode(jwt[2]))) return "VAPID signature does not verify";
        verifiedTokens.put(authorization, true);
        return null;
    }

    /** The browser's side of RFC 8291 (one record); throws when it does not authenticate. */
    static byte[] decrypt(Browser b, byte[] body) throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        buf.get(salt);
        int rs = buf.getInt();
        byte[] asPublic = new byte[buf.get()];
        buf.get(asPublic);
        byte[] sealed = new byte[buf.remaining()];
        buf.get(sealed);
        if (sealed.length > rs) throw new IllegalArgumentException("more than one record");
        byte[] prkKey = PushCrypto.hmac(b.auth(), EcProvider.agree(b.keys(), EcProvider.publicKey(asPublic)));
        byte[] info = ByteBuffer.allocate(14 + 65 + 65 + 1)
                .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
                .put(b.publicKey())
                .put(asPublic)
                .put((byte) 1)
                .array();
        byte[] prk = PushCrypto.hmac(salt, PushCrypto.hmac(prkKey, info));
        byte[] cek = Arrays.copyOf(
                PushCrypto.hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
        byte[] nonce = Arrays.copyOf(
                PushCrypto.hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
        Cipher gcm = GCM.get();
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = gcm.doFinal(sealed);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) end--;
        if (end < 0 || padded[end] != 2) throw new IllegalArgumentException("no last-record delimiter");
        return Arrays.copyOf(padded, end);
    }

    /** Nanoseconds on this JVM's clock from an event's {@code at} to its last push here; -1 when none arrived. */
    public long commitToLastNanos(long seq) {
        Arrivals a = events.get(seq);
        return a == null ? -1 : a.lastNanos.get() - a.atNanos;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
