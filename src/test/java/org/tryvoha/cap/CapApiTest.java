package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.cap.CapMessages.HROMADA;
import static org.tryvoha.cap.CapMessages.OBLAST;
import static org.tryvoha.cap.CapMessages.RAION;
import static org.tryvoha.cap.CapMessages.alert;
import static org.tryvoha.cap.CapMessages.geocode;
import static org.tryvoha.cap.CapMessages.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer.Answer;

/** CAP import, export and the Atom feed over real HTTP against a real server. */
class CapApiTest extends ServerTestBase {
    static final AtomicInteger N = new AtomicInteger();

    static String id() {
        return "UA-TEST-" + N.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    void anAlertRaisesAnUpdateUpdatesACancelCancels() throws Exception {
        String ident = id();
        Instant exp = Instant.now().plus(1, ChronoUnit.HOURS);
        Answer a = post(server, alert("dsns@example.gov.ua", ident, "Alert", "Actual", null, geocode(OBLAST), exp));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        JsonNode alert = a.json().path("alert");
        String id = alert.path("id").asText();
        assertThat(id).isEqualTo(CapImporter.alertId("dsns@example.gov.ua", ident));
        assertThat(alert.path("zones").get(0).asText()).isEqualTo(OBLAST);
        assertThat(alert.path("type").asText()).isEqualTo("air_raid");
        assertThat(alert.path("status").asText()).isEqualTo("actual");
        assertThat(alert.path("message").path("uk").asText()).isEqualTo("Прямуйте в укриття!");
        assertThat(alert.path("message").path("en").asText()).isEqualTo("Go to a shelter!");
        assertThat(Instant.parse(alert.path("expires_at").asText())).isEqualTo(exp.truncatedTo(ChronoUnit.SECONDS));
        assertThat(a.json().path("cap").path("signature").asText()).isEqualTo("unsigned");
        assertThat(a.raw().headers().firstValue("Location")).hasValue("/api/v1/alerts/" + id);

        String ref = "dsns@example.gov.ua," + ident + "," + CapMessages.time(Instant.now());
        Answer u = post(server, alert("dsns@example.gov.ua", id(), "Update", "Actual", ref, geocode(RAION), null));
        assertThat(u.status()).as(u.raw().body()).isEqualTo(200);
        assertThat(u.json().path("kind").asText()).isEqualTo("updated");
        assertThat(u.json().path("alert").path("zones").get(0).asText()).isEqualTo(RAION);
        assertThat(u.json().path("alert").hasNonNull("expires_at"))
                .as("expiry removed")
                .isFalse();

        Answer c = post(server, alert("dsns@example.gov.ua", id(), "Cancel", "Actual", ref, geocode(RAION), null));
        assertThat(c.status()).as(c.raw().body()).isEqualTo(200);
        assertThat(c.json().path("kind").asText()).isEqualTo("cancelled");
        assertThat(server.get("/api/v1/alerts/" + id).json().path("active").asBoolean())
                .isFalse();
    }

    @Test
    void theSameMessageTwiceIsAppliedOnce() throws Exception {
        String xml = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null);
        Answer first = post(server, xml);
        assertThat(first.status()).isEqualTo(201);
        Answer again = post(server, xml);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("replayed").asBoolean()).isTrue();
        assertThat(again.json().path("seq").asLong())
                .isEqualTo(first.json().path("seq").asLong());
    }

    @Test
    void aMessageInAnotherEncodingIsRead() throws Exception {
        for (String charset : java.util.List.of("windows-1251", "KOI8-U", "UTF-16")) {
            String xml = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null)
                    .replace("encoding=\"UTF-8\"", "encoding=\"" + charset + "\"");
            java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.base + "/api/v1/cap"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            xml.getBytes(java.nio.charset.Charset.forName(charset))))
                    .header("Content-Type", "application/cap+xml")
                    .header("Authorization", "Bearer " + server.adminKey)
                    .build();
            Answer a = server.send(r);
            assertThat(a.status()).as(charset + ": " + a.raw().body()).isEqualTo(201);
            assertThat(a.json().path("alert").path("message").path("uk").asText())
                    .isEqualTo("Прямуйте в укриття!");
        }
    }

    @Test
    void anUpdateReferencingNothingKnownIs422() throws Exception {
        Answer a = post(
                server,
                alert(
                        "x@example",
                        id(),
                        "Update",
                        "Actual",
                        "x@example,nope,2026-01-01T00:00:00+02:00",
                        geocode(HROMADA),
                        null));
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.json().path("errors").get(0).path("field").asText()).isEqualTo("/alert/references[1]");
    }

    @Test
    void draftIsValidatedButNeverPublished() throws Exception {
        String ident = id();
        Answer a = post(server, alert("dsns@example.gov.ua", ident, "Alert", "Draft", null, geocode(HROMADA), null));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("draft").asBoolean()).isTrue();
        assertThat(a.json().path("would").path("zones").get(0).asText()).isEqualTo(HROMADA);
        assertThat(server.get("/api/v1/alerts/" + a.json().path("alert_id").asText())
                        .status())
                .isEqualTo(404);
        Answer bad = post(server, alert("dsns@example.gov.ua", ident, "Alert", "Draft", null, geocode("UA0"), null));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").get(0).path("field").asText())
                .isEqualTo("/alert/info[1]/area[1]/geocode[1]");
    }

    @Test
    void systemIsNeverPublishedAndExerciseStaysExercise() throws Exception {
        Answer s = post(server, alert("dsns@example.gov.ua", id(), "Alert", "System", null, geocode(HROMADA), null));
        assertThat(s.status()).as(s.raw().body()).isEqualTo(200);
        assertThat(s.json().path("published").asBoolean()).isFalse();
        assertThat(server.get("/api/v1/alerts/" + s.json().path("alert_id").asText())
                        .status())
                .isEqualTo(404);
        Answer e = post(server, alert("dsns@example.gov.ua", id(), "Alert", "Exercise", null, geocode(HROMADA), null));
        assertThat(e.json().path("alert").path("status").asText()).isEqualTo("exercise");
    }

    @Test
    void polygonsAndCirclesResolveToZones() throws Exception {
        String polygon =
                "<area><areaDesc>central Kharkiv</areaDesc><polygon>49.98,36.20 49.98,36.26 50.01,36.26 50.01,36.20 49.98,36.20</polygon></area>";
        Answer p = post(server, alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, polygon, null));
        assertThat(p.status()).as(p.raw().body()).isEqualTo(201);
        assertThat(p.json().path("alert").path("zones"))
                .extracting(JsonNode::asText)
                .contains(HROMADA);
        String circle = "<area><areaDesc>around Kharkiv</areaDesc><circle>49.9935,36.2304 2</circle></area>";
        Answer c = post(server, alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, circle, null));
        assertThat(c.json().path("alert").path("zones"))
                .extracting(JsonNode::asText)
                .containsExactly(HROMADA);
        String abroad = "<area><areaDesc>Sacramento</areaDesc><circle>38.5,-121.5 10</circle></area>";
        Answer x = post(server, alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, abroad, null));
        assertThat(x.status()).isEqualTo(422);
        assertThat(x.json().path("errors").get(0).path("field").asText()).isEqualTo("/alert/info[1]/area[1]/circle[1]");
    }

    @Test
    void theTypeComesFromTheEventCodeOrTheEvent() throws Exception {
        String xml = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null)
                .replaceFirst(
                        "<certainty>Likely</certainty>",
                        "<certainty>Likely</certainty><eventCode><valueName>tryvoha:type</valueName><value>drone</value></eventCode>");
        assertThat(post(server, xml).json().path("alert").path("type").asText()).isEqualTo("drone");
        String ballistic = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null)
                .replace("<event>Air raid alert</event>", "<event>Ballistic missile threat</event>")
                .replace("<event>Повітряна тривога</event>", "<event>Загроза балістики</event>");
        assertThat(post(server, ballistic).json().path("alert").path("type").asText())
                .isEqualTo("ballistic_missile");
    }

    @Test
    void theOasisExamplesAreValidButNameNoUkrainianZone() throws Exception {
        Answer a = post(server, CapReaderTest.resource("oasis/Oasis_ThunderstormWarning.xml"));
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .contains("/alert/info[1]/area[1]/polygon[1]", "/alert/info[1]/expires[1]");
    }

    @Test
    void schemaInvalidIs422WithLineAndColumn() throws Exception {
        String xml = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null)
                .replace("<urgency>Immediate</urgency>", "<urgency>Now</urgency>");
        Answer a = post(server, xml);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.json().path("errors").get(0).path("field").asText()).isEqualTo("/alert/info[1]/urgency[1]");
        assertThat(a.json().path("errors").get(0).path("message").asText())
                .matches("\\[schema\\] line \\d+, column \\d+: .*Now.*");
    }

    @Test
    @Timeout(60)
    void hostileDocumentsAre400() throws Exception {
        for (String xml : new String[] {
            HostileXmlTest.xxeFile(),
            HostileXmlTest.xxeUrl(),
            HostileXmlTest.externalDtd(),
            HostileXmlTest.billionLaughs(),
            HostileXmlTest.deepNesting(50_000),
            HostileXmlTest.hugeAttribute(900_000),
            HostileXmlTest.xinclude()
        }) {
            Answer a = post(server, xml);
            assertThat(a.status()).as(xml.substring(0, 80)).isEqualTo(400);
            assertThat(a.json().path("code").asText()).isEqualTo("malformed_request");
            assertThat(a.json().path("detail").asText()).isNotBlank().doesNotContain("root:x:0:0");
        }
    }

    @Test
    void wrongTypeNoKeyAndTooLargeAreRefused() throws Exception {
        String xml = alert("dsns@example.gov.ua", id(), "Alert", "Actual", null, geocode(HROMADA), null);
        assertThat(post(server, xml, "application/json", server.adminKey).status())
                .isEqualTo(415);
        assertThat(post(server, xml, "application/cap+xml", null).status()).isEqualTo(401);
        assertThat(post(server, xml, "application/cap+xml", "tvk_wrong").status())
                .isEqualTo(401);
        Answer big = post(server, HostileXmlTest.hugeAttribute(2_000_000));
        assertThat(big.status()).isEqualTo(413);
    }

    @Test
    void exportValidatesAndRoundTrips() throws Exception {
        // two raions of one oblast: two oblasts would wait for a second person
        JsonNode raised =
                server.raise("{\"type\":\"cruise_missile\",\"zones\":[\"" + RAION + "\",\"UA63040000000023521\"],"
                        + "\"message\":{\"uk\":\"Ракети <на> & підході\",\"en\":\"Missiles\"},\"expires_at\":\""
                        + Instant.now().plusSeconds(3600) + "\"}");
        String id = raised.path("alert").path("id").asText();
        Answer json = server.get("/api/v1/alerts/" + id);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().path("id").asText()).isEqualTo(id);
        Answer cap = server.get("/api/v1/alerts/" + id + ".cap");
        assertThat(cap.status()).isEqualTo(200);
        assertThat(cap.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/cap+xml");
        CapMessage m = CapReader.read(cap.raw().body().getBytes(StandardCharsets.UTF_8))
                .message();
        assertThat(m.msgType()).isEqualTo("Alert");
        assertThat(m.infos()).extracting(CapMessage.Info::language).containsExactly("uk-UA", "en-US");

        // posted back, the export is the alert it came from, not a second one
        Answer again = post(server, cap.raw().body());
        assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
        JsonNode same = again.json().path("alert");
        assertThat(same.path("id").asText()).isEqualTo(id);
        assertThat(same.path("zones")).isEqualTo(raised.path("alert").path("zones"));
        assertThat(same.path("message")).isEqualTo(raised.path("alert").path("message"));
        assertThat(same.path("type").asText()).isEqualTo("cruise_missile");

        server.send("PATCH", "/api/v1/alerts/" + id, "{\"zones\":[\"" + HROMADA + "\"]}", server.adminKey);
        Answer updated = server.get("/api/v1/alerts/" + id + ".cap");
        CapMessage um = CapReader.read(updated.raw().body().getBytes(StandardCharsets.UTF_8))
                .message();
        assertThat(um.msgType()).isEqualTo("Update");
        assertThat(um.references())
                .contains("tryvoha-" + id + "-" + raised.path("seq").asLong());
        Answer imported = post(server, updated.raw().body());
        assertThat(imported.status()).as(imported.raw().body()).isEqualTo(200);
        assertThat(imported.json().path("alert").path("id").asText()).isEqualTo(id);
        assertThat(imported.json().path("replayed").asBoolean())
                .as("its event is in the log already")
                .isTrue();

        server.cancel(id);
        CapMessage cm = CapReader.read(
                        server.get("/api/v1/alerts/" + id + ".cap").raw().body().getBytes(StandardCharsets.UTF_8))
                .message();
        assertThat(cm.msgType()).isEqualTo("Cancel");
        assertThat(cm.references().split(" "))
                .as("issued, updated: the posted-back copies changed nothing")
                .hasSize(2);
        assertThat(server.get("/api/v1/alerts/nope.cap").status()).isEqualTo(404);
    }

    @Test
    void theAtomFeedListsAlertsInForceByZone() throws Exception {
        JsonNode kyiv = server.raise(
                "{\"type\":\"drone\",\"zones\":[\"UA80000000000093317\"],\"message\":{\"en\":\"Drones over Kyiv\"}}");
        String id = kyiv.path("alert").path("id").asText();
        Answer all = server.get("/api/v1/cap/feed.atom");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(all.raw().body())
                .contains("<id>urn:uuid:" + id + "</id>")
                .contains("/api/v1/alerts/" + id + ".cap")
                .contains("type=\"application/cap+xml\"");
        Answer kharkiv = server.get("/api/v1/cap/feed.atom?zone=" + HROMADA);
        assertThat(kharkiv.raw().body()).doesNotContain(id).startsWith("<?xml");
        assertThat(server.get("/api/v1/cap/feed.atom?zone=UA80000000000093317")
                        .raw()
                        .body())
                .contains(id);
        assertThat(server.get("/api/v1/cap/feed.atom?zone=nope").status()).isEqualTo(422);
        server.cancel(id);
        assertThat(server.get("/api/v1/cap/feed.atom").raw().body()).doesNotContain(id);
    }
}
