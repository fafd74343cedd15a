package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * A corpus written from CAP 1.2 §3 (and the errata): for every rule of {@link CapRule}, messages that
 * keep it and messages that break it, plus valid messages of the shapes real national profiles send
 * (several infos and areas, other encodings, schema hints, signatures nobody asked for, negative
 * altitudes). Each case says which rule it is about and whether the message is valid; {@code cap
 * validate} ({@link CapReader#validate}) must agree with every case.
 */
class CapConformanceTest {
    /** One corpus message: the rule it exercises, whether CAP 1.2 allows it, and its bytes. */
    record Case(String name, CapRule rule, boolean valid, byte[] xml) {
        @Override
        public String toString() {
            return name + " (" + (rule == null ? "valid" : rule.id) + ", " + (valid ? "valid" : "invalid") + ")";
        }
    }

    static final String SENT = "2026-11-23T21:05:00+02:00";

    /** A national-profile-like message: two infos in two languages, several areas of every kind. */
    static String base() {
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>2.49.0.1.804.0.2026.11.23.1</identifier>
              <sender>cap@dsns.gov.ua</sender>
              <sent>2026-11-23T21:05:00+02:00</sent>
              <status>Actual</status>
              <msgType>Alert</msgType>
              <source>Operational duty officer</source>
              <scope>Public</scope>
              <code>profile:UA-CAP:0.1</code>
              <note>test corpus</note>
              <incidents>"air raid 23" raid-24</incidents>
              <info>
                <language>uk-UA</language>
                <category>Security</category>
                <category>Safety</category>
                <event>Повітряна тривога</event>
                <responseType>Shelter</responseType>
                <urgency>Immediate</urgency>
                <severity>Extreme</severity>
                <certainty>Likely</certainty>
                <audience>населення</audience>
                <eventCode><valueName>SAME</valueName><value>CDW</value></eventCode>
                <effective>2026-11-23T21:05:00+02:00</effective>
                <onset>2026-11-23T21:05:00+02:00</onset>
                <expires>2026-11-23T23:05:00+02:00</expires>
                <senderName>ДСНС України</senderName>
                <headline>Повітряна тривога</headline>
                <description>Прямуйте в укриття!</description>
                <instruction>Не ігноруйте сигнал.</instruction>
                <web>https://dsns.gov.ua/alerts/1</web>
                <contact>101</contact>
                <parameter><valueName>awareness_level</valueName><value>4; red; Extreme</value></parameter>
                <resource>
                  <resourceDesc>map</resourceDesc>
                  <mimeType>image/png</mimeType>
                  <size>1024</size>
                  <uri>https://dsns.gov.ua/alerts/1/map.png</uri>
                  <digest>2fd4e1c67a2d28fced849ee1bb76e7391b93eb12</digest>
                </resource>
                <area>
                  <areaDesc>Львівський район</areaDesc>
                  <polygon>49.9,23.9 49.9,24.2 49.7,24.2 49.7,23.9 49.9,23.9</polygon>
                  <polygon>49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5</polygon>
                  <geocode><valueName>KATOTTG</valueName><value>UA46060000000042587</value></geocode>
                </area>
                <area>
                  <areaDesc>Стрийський район</areaDesc>
                  <circle>49.26,23.85 10</circle>
                  <geocode><valueName>KATOTTG</valueName><value>UA46100000000023056</value></geocode>
                  <altitude>0</altitude>
                  <ceiling>30000</ceiling>
                </area>
              </info>
              <info>
                <language>en-GB</language>
                <category>Security</category>
                <event>Air raid alert</event>
                <urgency>Immediate</urgency>
                <severity>Extreme</severity>
                <certainty>Likely</certainty>
                <expires>2026-11-23T23:05:00+02:00</expires>
                <headline>Air raid</headline>
                <description>Go to a shelter!</description>
                <area>
                  <areaDesc>Lvivskyi raion</areaDesc>
                  <geocode><valueName>KATOTTG</valueName><value>UA46060000000042587</value></geocode>
                </area>
                <area>
                  <areaDesc>Stryiskyi raion</areaDesc>
                  <geocode><valueName>KATOTTG</valueName><value>UA46100000000023056</value></geocode>
                </area>
              </info>
            </alert>
            """;
    }

    /** The base message with the first occurrence of {@code from} replaced. */
    static String with(String from, String to) {
        String b = base();
        if (!b.contains(from)) throw new IllegalArgumentException("the base message has no " + from);
        return b.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    static String header(String extra) {
        return with("<scope>Public</scope>", extra);
    }

    static String resource(String inner) {
        return with(
                "<resource>\n      <resourceDesc>map</resourceDesc>",
                "<resource><resourceDesc>extra</resourceDesc>" + inner + "</resource>\n    <resource>\n"
                        + "      <resourceDesc>map</resourceDesc>");
    }

    /** The base message with the Stryiskyi area's altitude and ceiling replaced. */
    static String altitude(String xml) {
        return base().replaceFirst("<altitude>0</altitude>\\s*<ceiling>30000</ceiling>", xml);
    }

    static String update(String references) {
        return with("<msgType>Alert</msgType>", "<msgType>Update</msgType>")
                .replace(
                        "<note>test corpus</note>",
                        "<note>test corpus</note>\n  <references>" + references + "</references>");
    }

    static final String EARLIER = "cap@dsns.gov.ua,2.49.0.1.804.0.2026.11.23.0,2026-11-23T20:05:00+02:00";
    static final String SELF = "cap@dsns.gov.ua,2.49.0.1.804.0.2026.11.23.1," + SENT;

    static final String SIGNATURE_NO_KEY = """
        <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
          <SignedInfo>
            <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
            <Reference URI="">
              <Transforms>
                <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
              </Transforms>
              <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
              <DigestValue>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</DigestValue>
            </Reference>
          </SignedInfo>
          <SignatureValue>AAAA</SignatureValue>
        </Signature>
        """;

    /** The base message signed with a fresh key carried in its KeyValue, then changed. */
    static String tampered() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            KeyPair kp = g.generateKeyPair();
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc =
                    f.newDocumentBuilder().parse(new ByteArrayInputStream(base().getBytes(StandardCharsets.UTF_8)));
            XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
            Reference ref = fac.newReference(
                    "",
                    fac.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(fac.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)),
                    null,
                    null);
            SignedInfo si = fac.newSignedInfo(
                    fac.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    fac.newSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", null),
                    List.of(ref));
            KeyInfoFactory kif = fac.getKeyInfoFactory();
            fac.newXMLSignature(si, kif.newKeyInfo(List.of(kif.newKeyValue(kp.getPublic()))))
                    .sign(new DOMSignContext(kp.getPrivate(), doc.getDocumentElement()));
            StringWriter w = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(w));
            String signed = w.toString();
            if (!signed.contains("Go to a shelter!")) throw new IllegalStateException("nothing to change");
            return signed.replace("Go to a shelter!", "Stay at home.");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Case ok(String name, CapRule rule, String xml) {
        return new Case(name, rule, true, xml.getBytes(StandardCharsets.UTF_8));
    }

    static Case bad(String name, CapRule rule, String xml) {
        return new Case(name, rule, false, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The base message in another encoding, declared in its XML declaration. */
    static Case encoded(String charset) {
        String xml = base().replace("encoding=\"UTF-8\"", "encoding=\"" + charset + "\"");
        if (!charset.startsWith("UTF")) xml = xml.replace("ДСНС України", "ДСНС");
        return new Case("encoding " + charset, null, true, xml.getBytes(Charset.forName(charset)));
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        c.add(ok("national profile: two infos, four areas", null, base()));
        c.add(encoded("windows-1251"));
        c.add(encoded("KOI8-U"));
        c.add(encoded("UTF-16"));
        c.add(new Case(
                "encoding ISO-8859-1, Latin text",
                null,
                true,
                base().replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                        .replaceAll("[А-яІіЇїЄєҐґ][^<]*", "Défense civile")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        c.add(ok(
                "schemaLocation hint",
                null,
                with(
                        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">",
                        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\""
                                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                                + " xsi:schemaLocation=\"urn:oasis:names:tc:emergency:cap:1.2 cap12.xsd\">")));
        c.add(ok(
                "a signature nobody requires, without a key",
                CapRule.SIGNATURE_UNVERIFIED,
                with("</alert>", SIGNATURE_NO_KEY + "</alert>")));
        c.add(bad("a signature broken after signing", CapRule.SIGNATURE, tampered()));
        c.add(bad("no event", CapRule.SCHEMA, with("<event>Air raid alert</event>", "")));
        c.add(bad("a DOCTYPE", CapRule.XML_SAFE, with("<alert ", "<!DOCTYPE alert [<!ENTITY x \"y\">]>\n<alert ")));

        c.add(bad("identifier with a space", CapRule.IDENTIFIER_CHARS, with("2.49.0.1.804.0.2026.11.23.1<", "a b<")));
        c.add(bad("identifier with a comma", CapRule.IDENTIFIER_CHARS, with("2.49.0.1.804.0.2026.11.23.1<", "a,b<")));
        c.add(bad("sender with &", CapRule.SENDER_CHARS, with("cap@dsns.gov.ua<", "cap&amp;dsns<")));
        c.add(bad("sent in Z", CapRule.DATETIME, with(SENT + "</sent>", "2026-11-23T19:05:00Z</sent>")));
        c.add(bad("sent on 30 February", CapRule.DATETIME, with(SENT + "</sent>", "2026-02-30T19:05:00+02:00</sent>")));
        c.add(bad(
                "expires with fractions",
                CapRule.DATETIME,
                with("<expires>2026-11-23T23:05:00+02:00", "<expires>2026-11-23T23:05:00.5+02:00")));
        c.add(ok("sent in UTC as -00:00", null, with(SENT + "</sent>", "2026-11-23T19:05:00-00:00</sent>")));
        c.add(ok(
                "sent in UTC as +00:00",
                CapRule.DATETIME_UTC,
                with(SENT + "</sent>", "2026-11-23T19:05:00+00:00</sent>")));

        c.add(bad("Update without references", CapRule.REFERENCES_REQUIRED, with("<msgType>Alert", "<msgType>Update")));
        c.add(bad("Cancel without references", CapRule.REFERENCES_REQUIRED, with("<msgType>Alert", "<msgType>Cancel")));
        c.add(ok(
                "Update referencing two earlier messages",
                null,
                update(EARLIER + " " + EARLIER.replace(".0,", ".00,"))));
        c.add(bad("references not a triplet", CapRule.REFERENCES_FORMAT, update("cap@dsns.gov.ua,only-two")));
        c.add(bad("references a bad time", CapRule.DATETIME, update("cap@dsns.gov.ua,x,2026-11-23 20:05")));
        c.add(bad("references itself", CapRule.REFERENCES_SELF, update(SELF)));
        c.add(bad("references itself among others", CapRule.REFERENCES_SELF, update(EARLIER + " " + SELF)));
        c.add(ok(
                "references a later message",
                CapRule.REFERENCES_POSTDATED,
                update("cap@dsns.gov.ua,later,2026-11-23T22:05:00+02:00")));

        c.add(bad(
                "restriction with scope Public",
                CapRule.RESTRICTION_SCOPE,
                header("<scope>Public</scope><restriction>staff</restriction>")));
        c.add(ok(
                "restriction with scope Restricted",
                null,
                header("<scope>Restricted</scope><restriction>staff</restriction>")));
        c.add(ok(
                "scope Restricted without restriction",
                CapRule.RESTRICTED_NEEDS_RESTRICTION,
                header("<scope>Restricted</scope>")));
        c.add(bad(
                "scope Private without addresses", CapRule.PRIVATE_NEEDS_ADDRESSES, header("<scope>Private</scope>")));
        c.add(ok(
                "scope Private with addresses",
                null,
                header("<scope>Private</scope><addresses>ops@lviv \"duty desk\"</addresses>")));
        c.add(ok("addresses with scope Public", null, header("<scope>Public</scope><addresses>ops@lviv</addresses>")));
        c.add(ok(
                "addresses with scope Restricted",
                null,
                header("<scope>Restricted</scope><restriction>staff</restriction><addresses>ops@lviv</addresses>")));
        c.add(bad(
                "addresses with an unbalanced quote",
                CapRule.QUOTED_LIST,
                header("<scope>Private</scope><addresses>\"duty desk</addresses>")));
        c.add(bad(
                "incidents with an unbalanced quote",
                CapRule.QUOTED_LIST,
                with("<incidents>\"air raid 23\"", "<incidents>\"air raid 23")));

        c.add(bad("language with an underscore", CapRule.LANGUAGE, with("<language>en-GB", "<language>en_GB")));
        c.add(ok("language without a region", null, with("<language>en-GB", "<language>en")));
        c.add(ok("no language (en-US by default)", null, with("<language>en-GB</language>", "")));
        c.add(bad(
                "web relative", CapRule.WEB_ABSOLUTE, with("https://dsns.gov.ua/alerts/1<", "dsns.gov.ua/alerts/1<")));
        c.add(bad(
                "web not a URI",
                CapRule.WEB_ABSOLUTE,
                with("https://dsns.gov.ua/alerts/1<", "https://dsns.gov.ua/a b<")));

        c.add(bad("mimeType without a subtype", CapRule.MIME_TYPE, resource("<mimeType>image</mimeType>")));
        c.add(bad("mimeType of an unknown type", CapRule.MIME_TYPE, resource("<mimeType>picture/png</mimeType>")));
        c.add(bad("mimeType with a space", CapRule.MIME_TYPE, resource("<mimeType>image/ png</mimeType>")));
        c.add(ok("mimeType with a parameter", null, resource("<mimeType>text/plain; charset=utf-8</mimeType>")));
        c.add(ok(
                "mimeType of a vendor tree",
                null,
                resource("<mimeType>application/vnd.google-earth.kml+xml</mimeType>")));
        c.add(ok("mimeType of an x- type", null, resource("<mimeType>x-world/x-vrml</mimeType>")));
        c.add(bad(
                "uri not a URI",
                CapRule.URI_SYNTAX,
                resource("<mimeType>image/png</mimeType><uri>https://dsns.gov.ua/a map.png</uri>")));
        c.add(bad(
                "relative uri without derefUri",
                CapRule.URI_RELATIVE,
                resource("<mimeType>image/png</mimeType><uri>map.png</uri>")));
        c.add(ok(
                "relative uri naming a derefUri",
                null,
                resource("<mimeType>image/png</mimeType><uri>map.png</uri><derefUri>iVBORw0KGgo=</derefUri>")));
        c.add(ok(
                "derefUri with line breaks",
                null,
                resource(
                        "<mimeType>text/plain</mimeType><derefUri>\n      SGVsbG8s\n      IHdvcmxk\n    </derefUri>")));
        c.add(bad(
                "derefUri not base64",
                CapRule.DEREF_BASE64,
                resource("<mimeType>text/plain</mimeType><derefUri>Hello, world!</derefUri>")));
        c.add(bad(
                "derefUri cut short",
                CapRule.DEREF_BASE64,
                resource("<mimeType>text/plain</mimeType><derefUri>SGVsbG8</derefUri>")));
        c.add(bad(
                "derefUri padded in the middle",
                CapRule.DEREF_BASE64,
                resource("<mimeType>text/plain</mimeType><derefUri>SG==bG8s</derefUri>")));
        c.add(ok("digest not SHA-1", CapRule.DIGEST_SHA1, with("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "md5:abc")));

        c.add(bad(
                "polygon of 3 pairs",
                CapRule.POLYGON_PAIRS,
                with("49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5", "49.5,23.5 49.5,23.6 49.5,23.5")));
        c.add(bad(
                "polygon not closed",
                CapRule.POLYGON_CLOSED,
                with("49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5", "49.5,23.5 49.5,23.6 49.4,23.6 49.4,23.5")));
        c.add(bad(
                "polygon lat out of range",
                CapRule.COORDINATES,
                with("49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5", "95.5,23.5 49.5,23.6 49.4,23.6 95.5,23.5")));
        c.add(bad(
                "polygon lon,lat swapped out of range",
                CapRule.COORDINATES,
                with("49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5", "23.5,190.5 23.6,49.5 23.6,49.4 23.5,190.5")));
        c.add(ok(
                "polygon across lines",
                null,
                with("49.5,23.5 49.5,23.6 49.4,23.6 49.5,23.5", "49.5,23.5\n  49.5,23.6\n  49.4,23.6\n  49.5,23.5")));
        c.add(bad("circle without a radius", CapRule.CIRCLE_FORMAT, with("49.26,23.85 10", "49.26,23.85")));
        c.add(bad("circle with a negative radius", CapRule.CIRCLE_RADIUS, with("49.26,23.85 10", "49.26,23.85 -1")));
        c.add(ok("circle of radius 0", null, with("49.26,23.85 10", "49.26,23.85 0")));
        c.add(bad("ceiling without altitude", CapRule.CEILING_NEEDS_ALTITUDE, with("<altitude>0</altitude>", "")));
        c.add(bad(
                "altitude above the ceiling",
                CapRule.ALTITUDE_RANGE,
                with("<altitude>0</altitude>", "<altitude>40000</altitude>")));
        c.add(ok(
                "negative altitude (below sea level)",
                null,
                with("<altitude>0</altitude>", "<altitude>-1401</altitude>")));
        c.add(ok("negative altitude and ceiling", null, altitude("<altitude>-1401</altitude><ceiling>-100</ceiling>")));
        c.add(ok("negative altitude alone", null, altitude("<altitude>-50.5</altitude>")));
        return c;
    }

    static Stream<Case> cases() {
        return corpus().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validateAgreesWithTheSpecification(Case c) {
        CapReader.Report r = CapReader.validate(c.xml());
        String findings = r.findings().toString();
        assertThat(r.valid()).as(findings).isEqualTo(c.valid());
        if (c.rule() != null) {
            assertThat(r.findings()).as(findings).anyMatch(f -> f.rule() == c.rule());
        }
        if (c.valid()) {
            assertThat(r.findings())
                    .as("a valid message breaks no rule but the one it is about")
                    .allMatch(f -> f.rule() == c.rule() && !f.error());
        }
    }

    @Test
    void everyRuleHasACaseThatBreaksIt() {
        List<CapRule> covered = corpus().stream().map(Case::rule).toList();
        assertThat(covered).containsAll(List.of(CapRule.values()));
    }
}
