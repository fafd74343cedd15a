package org.tryvoha.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
    java.util.Map<String, String> e = new java.util.HashMap<>(env);
    e.putIfAbsent("TRYVOHA_OPERATOR_KEY_ITERATIONS", "1000");
    return TestServer.start(dir, e);
  }

  /** Creates an operator with the server's admin key; returns its key. */
  public static String create(TestServer s, String name, String role, String zones, String types) throws Exception {
    Answer a = s.send("POST", "/api/v1/operators", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"zones\":" + zones + ",\"types\":" + types + "}",
        s.adminKey);
    assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
    return a.json().path("key").asText();
  }

  public static String alert(String type, String... zones) {
    return "{\"type\":\"" + type + "\",\"zones\":[\"" + String.join("\",\"", zones) + "\"]," + MSG + "}";
  }

  /** Raises with the admin key; the alert's id (201) or the held alert's id (202). */
  public static String raiseAsAdmin(TestServer s, String body, int expect) throws Exception {
    Answer a = s.send("POST", "/api/v1/alerts", body, s.adminKey);
    assertThat(a.status()).as(a.raw().body()).isEqualTo(expect);
    JsonNode j = a.json();
    return expect == 202 ? j.path("pending").path("id").asText() : j.path("alert").path("id").asText();
  }
}
