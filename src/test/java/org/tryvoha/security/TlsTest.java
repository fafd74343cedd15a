package org.tryvoha.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tryvoha.TestServer;
import org.tryvoha.WsClient;
import org.tryvoha.config.Config;

/** HTTPS from PEM files: a certificate made in the test with the JDK's keytool, a client that trusts only it. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void theServerSpeaksHttpsWithThePemCertificateAndKey() throws Exception {
        Path p12 = dir.resolve("test.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process k = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "tryvoha",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(k.getInputStream().readAllBytes());
        assertThat(k.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(k.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("tryvoha");
        PrivateKey key = (PrivateKey) ks.getKey("tryvoha", "changeit".toCharArray());
        Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));

        try (TestServer server = TestServer.start(
                dir.resolve("data"),
                Map.of("TRYVOHA_TLS_CERT_FILE", certPem.toString(), "TRYVOHA_TLS_KEY_FILE", keyPem.toString()))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("tryvoha", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            String base = server.base.replace("http://", "https://");
            HttpResponse<String> r = https.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"ok\"");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
            HttpResponse<String> keys = https.send(
                    HttpRequest.newBuilder(URI.create(base + "/.well-known/tryvoha-keys.json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(keys.body()).contains("Ed25519");
            // a WebSocket over TLS: the handshake and the frames pass through the TLS handler the upgrade keeps
            try (WsClient ws = WsClient.open(
                    base.replace("https://", "wss://") + "/api/v1/ws?zone=UA63000000000041885",
                    HttpClient.newBuilder()
                            .sslContext(ssl)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build())) {
                assertThat(ws.next("state", 20)
                                .path("zones")
                                .get(0)
                                .path("zone")
                                .asText())
                        .isNotEmpty();
                ws.send("{\"op\":\"ping\"}");
                ws.next("pong", 20);
            }
            // SSE over TLS: the head and the chunks are written on the bare channel, through the TLS handler
            HttpResponse<Stream<String>> sse = HttpClient.newBuilder()
                    .sslContext(ssl)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/stream?zone=UA63000000000041885"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines());
            assertThat(sse.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            try (Stream<String> lines = sse.body()) {
                assertThat(lines.filter(l -> l.startsWith("event: ")).findFirst())
                        .hasValue("event: state");
            }
            // plain HTTP on the TLS port gets no answer
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(server.base + "/api/v1/health"))
                                            .timeout(Duration.ofSeconds(20))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aCertificateWithoutAKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> SecuritySettings.from(Config.Source.of(Map.of("tls-cert-file", "/x.pem"), Map.of())))
                .hasMessageContaining("give both tls-cert-file and tls-key-file");
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
