package org.tryvoha.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tryvoha.json.Json;

/** The canonical form against the examples of RFC 8785 itself (an implementation independent of ours). */
class CanonicalTest {
    @Test
    void theRfc8785SampleCanonicalisesAsTheRfcSays() throws Exception {
        // RFC 8785 section 3.2.3 / 3.2.2: input and expected output taken from the RFC
        String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertThat(Canonical.json(Json.MAPPER.readTree(input))).isEqualTo(expected);
    }

    @Test
    void numbersAreWrittenAsEcmaScriptWritesThem() {
        // RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript form
        assertThat(es(0x0000000000000000L)).isEqualTo("0");
        assertThat(es(0x8000000000000000L)).isEqualTo("0");
        assertThat(es(0x0000000000000001L)).isEqualTo("5e-324");
        assertThat(es(0x8000000000000001L)).isEqualTo("-5e-324");
        assertThat(es(0x7fefffffffffffffL)).isEqualTo("1.7976931348623157e+308");
        assertThat(es(0x4340000000000000L)).isEqualTo("9007199254740992");
        assertThat(es(0xc340000000000000L)).isEqualTo("-9007199254740992");
        assertThat(es(0x4430000000000000L)).isEqualTo("295147905179352830000");
        assertThat(es(0x44b52d02c7e14af5L)).isEqualTo("9.999999999999997e+22");
        assertThat(es(0x44b52d02c7e14af6L)).isEqualTo("1e+23");
        assertThat(es(0x3eb0c6f7a0b5ed8dL)).isEqualTo("0.000001");
        assertThat(es(0x3eb0c6f7a0b5ed8cL)).isEqualTo("9.999999999999997e-7");
        assertThat(es(0x41b3de4355555553L)).isEqualTo("333333333.3333332");
        assertThat(Canonical.es(36.0)).isEqualTo("36");
        assertThat(Canonical.es(49.98)).isEqualTo("49.98");
    }

    @Test
    void theSignatureMemberIsLeftOutAndThePrefixBindsTheUse() throws Exception {
        var n = Json.MAPPER.readTree("{\"seq\":1,\"signature\":{\"value\":\"x\"},\"a\":{\"signature\":2}}");
        assertThat(new String(Canonical.signedBytes(n), StandardCharsets.UTF_8))
                .isEqualTo("tryvoha-event-v1\n{\"a\":{\"signature\":2},\"seq\":1}");
    }

    private static String es(long bits) {
        return Canonical.es(Double.longBitsToDouble(bits));
    }
}
