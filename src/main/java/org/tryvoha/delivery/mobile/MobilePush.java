package org.tryvoha.delivery.mobile;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.delivery.Audience;
import org.tryvoha.delivery.webpush.WebPush;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.stream.DeliveryReports;

/**
 * Mobile push, the way national warning apps do it: Firebase Cloud Messaging (one message per
 * changed zone to the zone's topic, plus one per registered FCM token) and Apple Push Notification
 * service (one per registered device). Devices register their token and zones through {@code
 * /api/v1/devices}; a token the service calls gone is removed; drills go only to devices (and
 * topic subscribers) that opted in.
 *
 * <p>{@link #onEvent} may be called from any thread and never blocks: each service has its own
 * {@link MobileLane} (bounded queue, real alerts first, a concurrency limit, retries), so a slow
 * service holds up neither the other nor any other channel.
 */
public final class MobilePush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MobilePush.class);

    private final Vertx vertx;
    private final MobileSettings settings;
    private final DeviceStore store;
    private final DeliveryReports reports;
    private final Clock clock;
    private final int ttlMax;
    private final HttpClient client;
    private final FcmSender fcm;
    private final ApnsSender apns;
    private final MobileLane fcmLane, apnsLane;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Set<Device>> byZone = new ConcurrentHashMap<>();

    private MobilePush(
            Vertx vertx, MobileSettings s, DeviceStore store, DeliveryReports reports, Clock clock, int ttlMax) {
        this.vertx = vertx;
        this.settings = s;
        this.store = store;
        this.reports = reports;
        this.clock = clock;
        this.ttlMax = ttlMax;
        this.client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setUseAlpn(true)
                        .setHttp2ClearTextUpgrade(false) // http:// (a local receiver): HTTP/2 from the first byte
                        .setKeepAlive(true),
                new PoolOptions().setHttp2MaxSize(4).setHttp1MaxSize(32).setMaxWaitQueueSize(-1));
        this.fcm = s.fcm()
                ? new FcmSender(
                        client,
                        new GoogleAuth(
                                vertx,
                                client,
                                GoogleAuth.Account.read(Path.of(s.fcmServiceAccount())),
                                clock,
                                s.timeoutMillis()),
                        s.fcmUrl(),
                        s.timeoutMillis())
                : null;
        this.apns = s.apns() ? new ApnsSender(client, s, Jwt.pem(read(s.apnsKeyFile()), "EC"), clock) : null;
        this.fcmLane = new MobileLane(vertx, "FCM", s.concurrency(), s.queue());
        this.apnsLane = new MobileLane(vertx, "APNs", s.concurrency(), s.queue());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read apns-key-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the keys and the registrations. Blocking: call at start. */
    public static MobilePush start(
            Vertx vertx, MobileSettings s, DeviceStore store, DeliveryReports reports, Clock clock, int ttlMax) {
        MobilePush m = new MobilePush(vertx, s, store, reports, clock, ttlMax);
        store.all().forEach(m::remember);
        if (s.fcm() || s.apns())
            log.info(
                    "mobile push: FCM {}, APNs {}, {} devices",
                    s.fcm() ? "on (" + s.fcmUrl() + ")" : "off",
                    s.apns() ? "on (" + s.apnsUrl() + ")" : "off",
                    m.devices.size());
        return m;
    }

    public MobileSettings settings() {
        return settings;
    }

    /** Whether this server sends to {@code platform}. */
    public boolean enabled(String platform) {
        return Device.FCM.equals(platform) ? fcm != null : Device.APNS.equals(platform) && apns != null;
    }

    /** Blocking (store): keeps a new or renewed registration; false when the server holds its maximum. */
    public boolean register(Device d) {
        if (!devices.containsKey(d.key()) && devices.size() >= settings.maxDevices()) return false;
        store.save(d);
        remember(d);
        return true;
    }

    private synchronized void remember(Device d) {
        Device old = devices.put(d.key(), d);
        if (old != null) forget(old);
        for (String z : d.zones())
            byZone.computeIfAbsent(z, k -> ConcurrentHashMap.newKeySet()).add(d);
    }

    private synchronized void forget(Device d) {
        for (String z : d.zones()) {
            Set<Device> set = byZone.get(z);
            if (set != null) set.remove(d);
        }
    }

    /** Blocking (store): removes a registration; false when there was none. */
    public boolean unregister(String platform, String token) {
        synchronized (this) {
            Device d = devices.remove(platform + ":" + token);
            if (d != null) forget(d);
        }
        return store.delete(platform, token);
    }

    /** The service said the token is gone: forget it here and in the store. */
    private void gone(String platform, String token) {
        synchronized (this) {
            Device d = devices.remove(platform + ":" + token);
            if (d == null) return;
            forget(d);
        }
        vertx.executeBlocking(() -> store.delete(platform, token), false)
                .onFailure(
                        e -> log.warn("cannot remove a {} token the service called gone: {}", platform, e.toString()));
    }

    /** Any thread: queues this event's requests to FCM and APNs. */
    public void onEvent(EncodedEvent e) {
        if (fcm == null && apns == null) return;
        boolean actual = e.event().alert().status() == AlertStatus.ACTUAL;
        Notice n = Notice.of(e);
        int ttl = WebPush.ttl(e.event().alert(), ttlMax, clock.instant());
        long expires = clock.instant().getEpochSecond() + ttl;
        Set<Device> reached = new LinkedHashSet<>();
        for (String z : e.reach()) {
            Set<Device> set = byZone.get(z);
            if (set != null) for (Device d : set) if (Audience.admits(e, d.drills())) reached.add(d);
        }
        if (fcm != null) {
            List<MobileLane.Request> out = new ArrayList<>();
            DeliveryReports.Tally t = reports.start("fcm", e);
            if (settings.fcmTopics())
                for (String zone : changedZones(e)) {
                    byte[] body = FcmSender.message("condition", FcmSender.condition(zone, !actual), n, ttl, expires);
                    out.add(request(actual, t, () -> fcm.send(body, null, tok -> {})));
                }
            for (Device d : reached)
                if (Device.FCM.equals(d.platform())) {
                    byte[] body = FcmSender.message("token", d.token(), n, ttl, expires);
                    out.add(request(actual, t, () -> fcm.send(body, d.token(), tok -> gone(Device.FCM, tok))));
                }
            t.planned(out.size());
            out.forEach(fcmLane::add);
        }
        if (apns != null) {
            byte[] payload = ApnsSender.payload(n);
            List<MobileLane.Request> out = new ArrayList<>();
            DeliveryReports.Tally t = reports.start("apns", e);
            for (Device d : reached)
                if (Device.APNS.equals(d.platform()))
                    out.add(request(
                            actual,
                            t,
                            () -> apns.send(
                                    d.token(),
                                    payload,
                                    e.event().alert().id(),
                                    expires,
                                    tok -> gone(Device.APNS, tok))));
            t.planned(out.size());
            out.forEach(apnsLane::add);
        }
    }

    /** The zones an event changes: the alert's, and for an update also those it had before. */
    static Set<String> changedZones(EncodedEvent e) {
        Set<String> zones = new LinkedHashSet<>(e.event().alert().zones());
        zones.addAll(e.event().previousZones());
        return zones;
    }

    private static MobileLane.Request request(
            boolean actual,
            DeliveryReports.Tally tally,
            java.util.function.Supplier<io.vertx.core.Future<MobileLane.Outcome>> send) {
        return new MobileLane.Request() {
            @Override
            public io.vertx.core.Future<MobileLane.Outcome> send() {
                return send.get();
            }

            @Override
            public boolean actual() {
                return actual;
            }

            @Override
            public DeliveryReports.Tally tally() {
                return tally;
            }
        };
    }

    /** For {@code GET /api/v1/devices/status}: registrations and each service's counters. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", devices.size());
        m.put("fcm", fcm == null ? "off" : fcmLane.status());
        m.put("apns", apns == null ? "off" : apnsLane.status());
        return m;
    }

    @Override
    public void close() {
        fcmLane.close();
        apnsLane.close();
        client.close();
    }
}
