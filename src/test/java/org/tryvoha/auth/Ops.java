package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;

/** Test helpers for operators over real HTTP. */
public final class Ops {
    public static final String KHARKIV_OBLAST = "UA63000000000041885";
    public static final String KHARKIV_RAION = "UA63120000000091135";
    public static final String POLTAVA_OBLAST = "UA53000000000028050";
    public static final String SUMY_OBLAST = "UA59000000000057109";
    public static final String MSG = "\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}";

    private Ops() {}

    /** A server whose operator keys hash with few iterations (the tests create many). */
    public static TestServer server(Path dir, Map<String, String> env) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("TRYVOHA_OPERATOR_KEY_ITERATIONS", "1000");
        return TestServer.start(dir, e);
    }

    /** Creates an operator with the server's admin key; returns its key. */
    public static String create(TestServer s, String name, String role, String zones, String types) throws Exception {
        Answer a = s.send(
                "POST",
                "/api/v1/operators",
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"zones\":" + zones + ",\"types\":" + types + "}",
                s.adminKey);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        return a.json().path("key").asText();
    }

    public static String alert(String type, String... zones) {
        return "{\"type\":\"" + type + "\",\"zones\":[\"" + String.join("\",\"", zones) + "\"]," + MSG + "}";
    }

    /** A CAP 1.2 Alert (air raid) for one zone; {@code msgType} Alert, or Cancel with {@code references}. */
    public static String cap(String identifier, String msgType, String references, String zone) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>"
                + identifier
                + "</identifier><sender>test@tryvoha</sender><sent>" + capSent()
                + "</sent><status>Actual</status><msgType>" + msgType + "</msgType><scope>Public</scope>"
                + (references == null ? "" : "<references>" + references + "</references>")
                + "<info><language>en-US</language><category>Security</category><event>Air raid alert</event><urgency>Immediate</urgency>"
                + "<severity>Extreme</severity><certainty>Likely</certainty><headline>Air raid</headline><description>Go to a shelter!</description>"
                + "<area><areaDesc>zone</areaDesc><geocode><valueName>KATOTTG</valueName><value>" + zone
                + "</value></geocode></area></info></alert>";
    }

    /** Now, as CAP writes a time (an offset, never Z). */
    public static String capSent() {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
                .format(OffsetDateTime.now(ZoneOffset.ofHours(2)));
    }

    public static Answer postCap(TestServer s, String xml, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + "/api/v1/cap"))
                .POST(HttpRequest.BodyPublishers.ofString(xml))
                .header("Content-Type", "application/cap+xml");
        if (key != null) b.header("Authorization", "Bearer " + key);
        return s.send(b.build());
    }

    /** Where a track 15 km north of a city flies south at 250 m/s: about a minute away. */
    public static final double[] KHARKIV_CITY = {49.9935, 36.2304};

    public static final double[] POLTAVA_CITY = {49.5883, 34.5514};

    public static String tracks(String trackId, double[] city) {
        return "{\"reports\":[{\"track_id\":\"" + trackId + "\",\"class\":\"cruise_missile\",\"time\":\""
                + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\",\"lat\":" + (city[0] + 15_000 / 111_320.0)
                + ",\"lon\":" + city[1] + ",\"velocity\":{\"east\":0,\"north\":-250},\"uncertainty_m\":300}]}";
    }

    /** Raises with the admin key; the alert's id (201) or the held alert's id (202). */
    public static String raiseAsAdmin(TestServer s, String body, int expect) throws Exception {
        Answer a = s.send("POST", "/api/v1/alerts", body, s.adminKey);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(expect);
        JsonNode j = a.json();
        return expect == 202
                ? j.path("pending").path("id").asText()
                : j.path("alert").path("id").asText();
    }
}
