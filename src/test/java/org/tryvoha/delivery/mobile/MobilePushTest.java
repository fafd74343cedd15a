package org.tryvoha.delivery.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpVersion;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.tryvoha.delivery.mobile.MobileReceivers.Received;
import org.tryvoha.delivery.mobile.MobileReceivers.Script;

/**
 * FCM HTTP v1 and APNs against local receivers that check the documented request shape and
 * authentication and answer the documented errors: devices register through the API, alerts go to
 * zone topics and registered tokens, drills only to those who opted in, a token the service calls
 * gone is removed, 429 and 5xx are tried again.
 */
class MobilePushTest {
    static final String KHARKIV = "UA63000000000041885", LVIV = "UA46000000000026241";
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;

    static MobileReceivers receivers;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        receivers = new MobileReceivers(dir);
        server = TestServer.start(dir.resolve("data"), receivers.env());
    }

    @AfterAll
    static void stop() {
        server.close();
        receivers.close();
    }

    @AfterEach
    void noViolations() {
        assertThat(receivers.violations)
                .as("requests the local services refused")
                .isEmpty();
        receivers.fcm.clear();
        receivers.apns.clear();
    }

    static String fcmToken() {
        return "fcm_" + HexFormat.of().formatHex(RANDOM.generateSeed(20)) + ":APA91b";
    }

    static String apnsToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Answer register(String platform, String token, String zone, boolean drills) throws Exception {
        return server.send(
                "POST",
                "/api/v1/devices",
                "{\"platform\":\"" + platform + "\",\"token\":\"" + token + "\",\"zones\":[\"" + zone
                        + "\"],\"drills\":" + drills + "}",
                null);
    }

    static int unregister(String platform, String token) throws Exception {
        return server.send(
                        "DELETE",
                        "/api/v1/devices",
                        "{\"platform\":\"" + platform + "\",\"token\":\"" + token + "\"}",
                        null)
                .status();
    }

    static String raise(String zone, String type, String status) throws Exception {
        return server.raise("{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"zones\":[\"" + zone
                        + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}}")
                .path("alert")
                .path("id")
                .asText();
    }

    /** The next FCM messages until {@code n} arrived, by target ("token:…", "condition:…"). */
    static Map<String, JsonNode> fcmMessages(int n) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Received r = receivers.next(receivers.fcm);
            assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
            JsonNode m = r.body();
            String key = m.has("token")
                    ? "token:" + m.path("token").asText()
                    : "condition:" + m.path("condition").asText();
            out.put(key, m);
        }
        return out;
    }

    @Test
    void fcmSendsOneTopicMessagePerZoneAndOnePerTokenDrillsOnlyToTheOptedIn() throws Exception {
        String phone = fcmToken(), drillPhone = fcmToken();
        Answer a = register("fcm", phone, KHARKIV, false);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        assertThat(a.json().path("topics").toString())
                .contains("zone_" + KHARKIV)
                .contains("zone_UA");
        assertThat(register("fcm", drillPhone, KHARKIV, true).status()).isEqualTo(201);

        String id = raise(KHARKIV, "ballistic_missile", "actual");
        Map<String, JsonNode> got = fcmMessages(3);
        assertThat(got)
                .containsOnlyKeys(
                        "condition:'zone_" + KHARKIV + "' in topics", "token:" + phone, "token:" + drillPhone);
        JsonNode m = got.get("token:" + phone);
        assertThat(m.path("data").path("alert_id").asText()).isEqualTo(id);
        assertThat(m.path("data").path("kind").asText()).isEqualTo("issued");
        assertThat(m.path("apns")
                        .path("payload")
                        .path("aps")
                        .path("interruption-level")
                        .asText())
                .isEqualTo("critical");
        server.cancel(id);
        fcmMessages(3);

        String drill = raise(KHARKIV, "air_raid", "exercise");
        Map<String, JsonNode> drills = fcmMessages(2);
        assertThat(drills)
                .containsOnlyKeys(
                        "condition:'zone_" + KHARKIV + "' in topics && 'drills' in topics", "token:" + drillPhone);
        assertThat(drills.get("token:" + drillPhone)
                        .path("notification")
                        .path("title")
                        .asText())
                .startsWith("НАВЧАННЯ / DRILL");
        server.cancel(drill);
        fcmMessages(2);
        assertThat(receivers.fcm.poll(300, TimeUnit.MILLISECONDS))
                .as("nothing more")
                .isNull();
        assertThat(receivers.tokenRequests)
                .as("one OAuth2 exchange, its token reused")
                .isEqualTo(1);
        assertThat(unregister("fcm", phone)).isEqualTo(204);
        assertThat(unregister("fcm", drillPhone)).isEqualTo(204);
    }

    @Test
    void fcmRetries429And5xxAndForgetsAnUnregisteredToken() throws Exception {
        String phone = fcmToken();
        assertThat(register("fcm", phone, LVIV, false).status()).isEqualTo(201);
        receivers.fcmScript.add(new Script(503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}", null));
        receivers.fcmScript.add(new Script(
                429,
                "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"QUOTA_EXCEEDED\"}]}}",
                "1"));
        String id = raise(LVIV, "air_raid", "actual");
        fcmMessages(4); // the topic message answered 503 and 429, tried again; the token message
        JsonNode fcm = awaitTally("fcm", 2);
        assertThat(fcm.path("retried").asInt()).isEqualTo(2);
        assertThat(fcm.path("failed").asInt()).isZero();

        receivers.fcmScript.add(new Script(
                404,
                "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}",
                null));
        receivers.fcmScript.add(new Script(
                404,
                "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}",
                null));
        server.cancel(id);
        fcmMessages(2);
        assertThat(awaitTally("fcm", 2).path("failed").asInt())
                .as("404 for the topic message and UNREGISTERED for the token")
                .isEqualTo(2);
        for (int i = 0; i < 100 && unregisteredStillThere(phone); i++) Thread.sleep(50);
        assertThat(unregister("fcm", phone))
                .as("the token FCM called UNREGISTERED is gone")
                .isEqualTo(404);
    }

    private static boolean unregisteredStillThere(String phone) throws Exception {
        return server.get("/api/v1/devices/status").json().path("devices").asInt() > 0;
    }

    @Test
    void apnsCriticalForThreatsTimeSensitiveOtherwiseRetries5xxAndForgets410() throws Exception {
        String iphone = apnsToken();
        assertThat(register("apns", iphone, KHARKIV, true).status()).isEqualTo(201);
        receivers.apnsScript.add(new Script(500, "{\"reason\":\"InternalServerError\"}", null));
        String id = raise(KHARKIV, "ballistic_missile", "actual");
        Received first = receivers.next(receivers.apns), second = receivers.next(receivers.apns);
        assertThat(second.path()).isEqualTo("/3/device/" + iphone).isEqualTo(first.path());
        assertThat(second.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(second.headers()).containsEntry("apns-collapse-id", id);
        assertThat(second.body().path("aps").path("interruption-level").asText())
                .isEqualTo("critical");
        assertThat(second.body().path("aps").path("sound").path("critical").asInt())
                .isEqualTo(1);
        assertThat(second.body().path("tryvoha").path("alert_id").asText()).isEqualTo(id);
        server.cancel(id);
        assertThat(receivers
                        .next(receivers.apns)
                        .body()
                        .path("aps")
                        .path("interruption-level")
                        .asText())
                .as("an all-clear")
                .isEqualTo("time-sensitive");

        String drill = raise(KHARKIV, "air_raid", "exercise");
        assertThat(receivers
                        .next(receivers.apns)
                        .body()
                        .path("aps")
                        .path("interruption-level")
                        .asText())
                .as("a drill never breaks through silent mode")
                .isEqualTo("time-sensitive");
        receivers.apnsScript.add(new Script(410, "{\"reason\":\"Unregistered\",\"timestamp\":1700000000000}", null));
        server.cancel(drill);
        receivers.next(receivers.apns);
        for (int i = 0; i < 100 && unregisteredStillThere(iphone); i++) Thread.sleep(50);
        assertThat(unregister("apns", iphone))
                .as("the token APNs answered 410 for is gone")
                .isEqualTo(404);
        assertThat(awaitTally("apns", 1).path("failed").asInt()).isEqualTo(1);
    }

    @Test
    void badRegistrationsAreRefusedPerField() throws Exception {
        Answer bad =
                server.send("POST", "/api/v1/devices", "{\"platform\":\"sms\",\"token\":\"x\",\"zones\":[]}", null);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly("platform", "zones");
        Answer notHex = register("apns", "zz" + apnsToken().substring(2), KHARKIV, false);
        assertThat(notHex.status()).isEqualTo(422);
        assertThat(notHex.json().path("errors").get(0).path("field").asText()).isEqualTo("token");
        assertThat(unregister("apns", apnsToken())).isEqualTo(404);
    }

    /** The newest event's tally of a channel in /api/v1/latency once it is done with {@code sent} pushes sent. */
    static JsonNode awaitTally(String channel, int answered) throws Exception {
        JsonNode t = null;
        for (int i = 0; i < 200; i++) {
            t = server.get("/api/v1/latency")
                    .json()
                    .path("push")
                    .path(channel)
                    .path("events")
                    .path(0);
            if (t.path("done").asBoolean()
                    && t.path("sent").asInt() + t.path("failed").asInt() >= answered) return t;
            Thread.sleep(50);
        }
        throw new AssertionError("the " + channel + " tally did not finish: " + t);
    }
}
