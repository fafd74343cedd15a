package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;

/** What the server logs while it runs, fails to reach MQTT and answers bad keys holds no password, key or token. */
class SecretsInLogsTest {
    @TempDir
    Path dir;

    @Test
    void noSecretReachesTheLog() throws Exception {
        String mqttPassword = "hunter2-mqtt-secret";
        String forged = "tvk_forgedforgedforgedforged";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream was = System.err;
        System.setErr(
                new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to the current System.err
        String admin;
        try (TestServer server = TestServer.start(
                dir,
                Map.of(
                        "TRYVOHA_MQTT_URL",
                        "mqtt://127.0.0.1:1",
                        "TRYVOHA_MQTT_USERNAME",
                        "u",
                        "TRYVOHA_MQTT_PASSWORD",
                        mqttPassword))) {
            admin = server.adminKey;
            server.send(
                    "POST",
                    "/api/v1/alerts",
                    "{\"type\":\"drone\",\"zones\":[\"UA63000000000041885\"],\"message\":{\"uk\":\"т\"}}",
                    forged);
            server.send(
                    "POST",
                    "/api/v1/alerts",
                    "{\"type\":\"drone\",\"zones\":[\"UA63000000000041885\"],\"message\":{\"uk\":\"т\"}}",
                    admin);
            server.send("POST", "/api/v1/alerts", "{not json", admin);
            Thread.sleep(1500); // the MQTT client fails to connect and logs it meanwhile
        } finally {
            System.setErr(was);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).as("something was logged").isNotBlank();
        assertThat(text)
                .doesNotContain(mqttPassword)
                .doesNotContain(forged)
                .doesNotContain(admin)
                .doesNotContain("PRIVATE KEY");
        assertThat(Redact.secrets("postgres://u:pw@db/x?password=pw&ssl=1 Bearer tvk_abc tvk_def"))
                .isEqualTo("postgres://***@db/x?password=***&ssl=1 Bearer *** tvk_***");
    }
}
