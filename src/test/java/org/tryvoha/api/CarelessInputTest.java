package org.tryvoha.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer.Answer;

/** Bodies that look fine but say something else than meant: each is a 422 naming the field, and nothing changes. */
class CarelessInputTest extends ServerTestBase {
    static final String OBLAST = "UA63000000000041885";
    static final String MSG = "\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}";

    static JsonNode refused(String path, String body, String field) throws Exception {
        Answer a = server.send("POST", path, body, server.adminKey);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(422);
        JsonNode errs = a.json().path("errors");
        assertThat(errs.findValuesAsText("field")).as(a.raw().body()).contains(field);
        return errs;
    }

    @Test
    void anAlertForNoZoneIsRefused() throws Exception {
        refused("/api/v1/alerts", "{\"type\":\"drone\",\"zones\":[]," + MSG + "}", "zones");
        assertThat(server.get("/api/v1/alerts").json().path("alerts").size()).isZero();
    }

    @Test
    void blankMessageTextIsRefused() throws Exception {
        refused(
                "/api/v1/alerts",
                "{\"type\":\"drone\",\"zones\":[\"" + OBLAST + "\"],\"message\":{\"uk\":\" \\u00a0 \"}}",
                "message.uk");
    }

    @Test
    void aMisspeltAlertFieldIsNamed() throws Exception {
        refused("/api/v1/alerts", "{\"type\":\"drone\",\"zone\":[\"" + OBLAST + "\"]," + MSG + "}", "zone");
    }

    @Test
    void aMisspeltOperatorScopeDoesNotMakeAnOperatorForTheWholeCountry() throws Exception {
        JsonNode errs = refused(
                "/api/v1/operators",
                "{\"name\":\"kharkiv-desk\",\"role\":\"operator\",\"zone\":[\"" + OBLAST + "\"]}",
                "zone");
        assertThat(errs.toString()).contains("zones");
        Answer list = server.send("GET", "/api/v1/operators", null, server.adminKey);
        assertThat(list.raw().body()).doesNotContain("kharkiv-desk");
    }

    @Test
    void aMemberGivenTwiceIsNamed() throws Exception {
        refused(
                "/api/v1/alerts",
                "{\"type\":\"drone\",\"zones\":[\"" + OBLAST + "\"],\"zones\":[]," + MSG + "}",
                "zones");
    }
}
