package org.tryvoha.cap;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.tryvoha.TestServer;

/** Hand-made Ukrainian CAP messages for the tests, and a way to post them. */
final class CapMessages {
    static final String OBLAST = "UA63000000000041885";
    static final String RAION = "UA63120000000091135";
    static final String HROMADA = "UA63120270000028556";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private CapMessages() {}

    static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.ofHours(2)));
    }

    static String geocode(String zone) {
        return "<area><areaDesc>zone</areaDesc><geocode><valueName>KATOTTG</valueName><value>" + zone
                + "</value></geocode></area>";
    }

    /** A message with two infos (uk-UA, en-US), the area given as XML, and optional references and expiry. */
    static String alert(
            String sender,
            String identifier,
            String msgType,
            String status,
            String references,
            String area,
            Instant expires) {
        String info = """
          <info>
            <language>%s</language>
            <category>Security</category>
            <event>%s</event>
            <urgency>Immediate</urgency>
            <severity>Extreme</severity>
            <certainty>Likely</certainty>
            %s
            <headline>%s</headline>
            <description>%s</description>
            %s
          </info>""";
        String exp = expires == null ? "" : "<expires>" + time(expires) + "</expires>";
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>%s</identifier>
          <sender>%s</sender>
          <sent>%s</sent>
          <status>%s</status>
          <msgType>%s</msgType>
          <scope>Public</scope>
          %s
        %s
        %s
        </alert>
        """.formatted(
                identifier,
                sender,
                time(Instant.now()),
                status,
                msgType,
                references == null ? "" : "<references>" + references + "</references>",
                info.formatted("uk-UA", "Повітряна тривога", exp, "Повітряна тривога", "Прямуйте в укриття!", area),
                info.formatted("en-US", "Air raid alert", exp, "Air raid", "Go to a shelter!", area));
    }

    /** The message with another {@code <sent>} time. */
    static String sentAt(String xml, Instant sent) {
        return xml.replaceFirst("<sent>[^<]*</sent>", "<sent>" + time(sent) + "</sent>");
    }

    static TestServer.Answer post(TestServer server, String xml) throws Exception {
        return post(server, xml, "application/cap+xml", server.adminKey);
    }

    static TestServer.Answer post(TestServer server, String xml, String contentType, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/api/v1/cap"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(xml.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType);
        if (key != null) b.header("Authorization", "Bearer " + key);
        return server.send(b.build());
    }
}
