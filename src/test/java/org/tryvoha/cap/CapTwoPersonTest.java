package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.TestServer;

/** A CAP import cannot wait for a second person, so what the two-person rule would hold is refused, naming the way that can. */
class CapTwoPersonTest extends ServerTestBase {
    static final String POLTAVA = "UA53000000000028050";

    @Test
    void aTwoOblastImportIsRefusedAndAOneOblastImportGoesOut() throws Exception {
        String wide = CapMessages.alert(
                "ops@example.org",
                "wide-1",
                "Alert",
                "Actual",
                null,
                CapMessages.geocode(CapMessages.OBLAST) + CapMessages.geocode(POLTAVA),
                null);
        TestServer.Answer a = CapMessages.post(server, wide);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(403);
        assertThat(a.json().path("detail").asText()).contains("2 oblasts").contains("POST /api/v1/alerts");
        assertThat(server.get("/api/v1/alerts?active=true").json().path("alerts"))
                .isEmpty();

        TestServer.Answer one = CapMessages.post(
                server,
                CapMessages.alert(
                        "ops@example.org",
                        "one-1",
                        "Alert",
                        "Actual",
                        null,
                        CapMessages.geocode(CapMessages.OBLAST),
                        null));
        assertThat(one.status()).as(one.raw().body()).isEqualTo(201);
    }
}
