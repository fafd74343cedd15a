package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** RFC 8291 encryption against the RFC's own example (Appendix A), byte for byte, and round trips. */
class PushCryptoTest {
    static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    // RFC 8291 Appendix A
    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PUBLIC =
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String BODY =
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A"
                    + "_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void theRfc8291ExampleByteForByte() {
        KeyPair as = PushCrypto.keyPair(b64(AS_PRIVATE), b64(AS_PUBLIC));
        byte[] body = PushCrypto.encrypt(
                PLAINTEXT.getBytes(StandardCharsets.US_ASCII), b64(UA_PUBLIC), b64(AUTH), as, b64(SALT));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(BODY);
    }

    @Test
    void theRfcsBrowserDecryptsTheExample() throws Exception {
        Browser ua = new Browser(PushCrypto.keyPair(b64(UA_PRIVATE), b64(UA_PUBLIC)), b64(AUTH));
        assertThat(new String(ua.decrypt(b64(BODY)), StandardCharsets.US_ASCII)).isEqualTo(PLAINTEXT);
    }

    @Test
    void everyPushHasAFreshKeyAndSaltAndDecryptsOnlyWithTheRightSecret() throws Exception {
        Browser ua = Browser.create();
        byte[] msg = "{\"type\":\"event\",\"kind\":\"issued\"}".getBytes(StandardCharsets.UTF_8);
        byte[] a = PushCrypto.encrypt(msg, ua.publicKey(), ua.auth()),
                b = PushCrypto.encrypt(msg, ua.publicKey(), ua.auth());
        assertThat(a).isNotEqualTo(b);
        assertThat(ua.decrypt(a)).isEqualTo(msg);
        assertThat(ua.decrypt(b)).isEqualTo(msg);
        Browser other = new Browser(ua.keys(), new byte[16]);
        assertThatThrownBy(() -> other.decrypt(a)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void refusesKeysOffTheCurveAndMessagesTooLongForOnePush() {
        byte[] bad = b64(UA_PUBLIC).clone();
        bad[64] ^= 1;
        assertThatThrownBy(() -> PushCrypto.publicKey(bad)).hasMessageContaining("not a point on P-256");
        assertThatThrownBy(() -> PushCrypto.publicKey(new byte[33])).hasMessageContaining("uncompressed");
        Browser ua = Browser.create();
        assertThat(PushCrypto.encrypt(new byte[PushCrypto.MAX_PLAINTEXT], ua.publicKey(), ua.auth()))
                .hasSize(4096);
        assertThatThrownBy(() -> PushCrypto.encrypt(new byte[PushCrypto.MAX_PLAINTEXT + 1], ua.publicKey(), ua.auth()))
                .hasMessageContaining("at most");
    }
}
