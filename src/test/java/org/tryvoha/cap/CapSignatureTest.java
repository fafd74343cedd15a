package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tryvoha.cap.CapMessages.HROMADA;
import static org.tryvoha.cap.CapMessages.alert;
import static org.tryvoha.cap.CapMessages.geocode;
import static org.tryvoha.cap.CapMessages.post;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.TestServer.Answer;
import org.w3c.dom.Document;

/**
 * Enveloped XML signatures over real HTTP, with keys and self-signed certificates made by the
 * JDK's keytool for this test: per-sender policies, trusted and untrusted signers, tampering.
 */
class CapSignatureTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static Signer trusted;
    static Signer stranger;
    static final AtomicInteger N = new AtomicInteger();

    record Signer(PrivateKey key, X509Certificate cert, String algorithm) {}

    @BeforeAll
    static void start() throws Exception {
        trusted = keytool("trusted", "EC", SignatureMethod.ECDSA_SHA256);
        stranger = keytool("stranger", "RSA", SignatureMethod.RSA_SHA256);
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.writeString(
                certs.resolve("trusted.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(trusted.cert().getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Path conf = dir.resolve("tryvoha.conf");
        Files.writeString(conf, """
        cap-signature-policy.sender.signed@example.gov.ua = require-signature
        cap-signature-policy.sender.trusted@example.gov.ua = require-trusted
        """);
        server = TestServer.start(
                dir.resolve("data"),
                Map.of("TRYVOHA_CONFIG", conf.toString(), "TRYVOHA_CAP_TRUSTED_CERTS", certs.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A key pair and a self-signed certificate from the JDK's own keytool, in a PKCS#12 file. */
    static Signer keytool(String alias, String alg, String sigMethod) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        alias,
                        "-keyalg",
                        alg,
                        "-keysize",
                        alg.equals("EC") ? "256" : "2048",
                        "-dname",
                        "CN=" + alias + ", O=Tryvoha test",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(Files.readAllBytes(store)), "changeit".toCharArray());
        return new Signer(
                (PrivateKey) ks.getKey(alias, "changeit".toCharArray()),
                (X509Certificate) ks.getCertificate(alias),
                sigMethod);
    }

    /** Signs the whole alert with an enveloped signature carrying the certificate, as IPAWS does. */
    static String sign(String xml, Signer s) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        XMLSignatureFactory fac = XMLSignatureFactory.getInstance("DOM");
        Reference ref = fac.newReference(
                "",
                fac.newDigestMethod(DigestMethod.SHA256, null),
                List.of(
                        fac.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        fac.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null,
                null);
        SignedInfo si = fac.newSignedInfo(
                fac.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                fac.newSignatureMethod(s.algorithm(), null),
                List.of(ref));
        KeyInfoFactory kif = fac.getKeyInfoFactory();
        fac.newXMLSignature(si, kif.newKeyInfo(List.of(kif.newX509Data(List.of(s.cert())))))
                .sign(new DOMSignContext(s.key(), doc.getDocumentElement()));
        StringWriter w = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(w));
        return w.toString();
    }

    static String message(String sender) {
        return alert(
                sender,
                "SIG-" + N.incrementAndGet() + "-" + System.nanoTime(),
                "Alert",
                "Actual",
                null,
                geocode(HROMADA),
                null);
    }

    @Test
    void unsignedIsAcceptedWhereThePolicyAllowsIt() throws Exception {
        Answer a = post(server, message("anyone@example.gov.ua"));
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().path("cap").path("signature").asText()).isEqualTo("unsigned");
    }

    @Test
    void aSignatureByATrustedCertificateIsTrusted() throws Exception {
        Answer a = post(server, sign(message("trusted@example.gov.ua"), trusted));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        assertThat(a.json().path("cap").path("signature").asText()).isEqualTo("trusted");
    }

    @Test
    void requireTrustedRefusesUnsignedAndStrangers() throws Exception {
        Answer unsigned = post(server, message("trusted@example.gov.ua"));
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.json().path("detail").asText()).contains("must carry an enveloped XML signature");
        Answer foreign = post(server, sign(message("trusted@example.gov.ua"), stranger));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().path("detail").asText())
                .contains("not trusted")
                .contains("CN=stranger");
    }

    @Test
    void requireSignatureTakesAnyIntactSignature() throws Exception {
        assertThat(post(server, message("signed@example.gov.ua")).status()).isEqualTo(403);
        Answer a = post(server, sign(message("signed@example.gov.ua"), stranger));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        assertThat(a.json().path("cap").path("signature").asText()).isEqualTo("intact");
    }

    @Test
    void aTamperedMessageIsRefusedUnderEveryPolicy() throws Exception {
        for (String sender : List.of("anyone@example.gov.ua", "signed@example.gov.ua", "trusted@example.gov.ua")) {
            String signed = sign(message(sender), trusted);
            assertThat(signed).contains("Go to a shelter!");
            Answer a = post(server, signed.replace("Go to a shelter!", "Stay at home."));
            assertThat(a.status()).as(sender).isEqualTo(403);
            assertThat(a.json().path("code").asText()).isEqualTo("forbidden");
            assertThat(a.json().path("detail").asText()).contains("changed after it was signed");
        }
    }

    @Test
    void aSignatureThatCannotBeCheckedIsReadAsUnsignedWhereNoneIsRequired() throws Exception {
        String noKey = CapConformanceTest.SIGNATURE_NO_KEY;
        Answer a = post(server, message("anyone@example.gov.ua").replace("</alert>", noKey + "</alert>"));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(201);
        assertThat(a.json().path("cap").path("signature").asText()).isEqualTo("unverified");
        Answer required = post(server, message("signed@example.gov.ua").replace("</alert>", noKey + "</alert>"));
        assertThat(required.status()).isEqualTo(403);
        assertThat(required.json().path("detail").asText()).startsWith("CAP signature refused");
    }

    @Test
    void aSignatureOverSomethingElseIsRefused() throws Exception {
        String signed = sign(message("signed@example.gov.ua"), trusted).replace("URI=\"\"", "URI=\"#x\"");
        Answer a = post(server, signed);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().path("detail").asText()).contains("URI=\"\"");
    }
}
