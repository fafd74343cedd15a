package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile documents are refused before they are read, whatever they try. (The HTTP side, a 400
 * problem for each, is in {@link CapApiTest}.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileXmlTest {
    static final String OPEN = "<alert xmlns=\"" + SafeXml.CAP12 + "\">";

    static String xxeFile() {
        return "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + OPEN
                + "<identifier>&x;</identifier></alert>";
    }

    static String xxeUrl() {
        return "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"http://127.0.0.1:9/secret\">]>" + OPEN
                + "<identifier>&x;</identifier></alert>";
    }

    static String externalDtd() {
        return "<?xml version=\"1.0\"?><!DOCTYPE alert SYSTEM \"http://127.0.0.1:9/cap.dtd\">" + OPEN + "</alert>";
    }

    static String billionLaughs() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++)
            sb.append("<!ENTITY l")
                    .append(i)
                    .append(" \"")
                    .append(("&l" + (i - 1) + ";").repeat(10))
                    .append("\">");
        return sb.append("]>")
                .append(OPEN)
                .append("<identifier>&l10;</identifier></alert>")
                .toString();
    }

    static String deepNesting(int depth) {
        return OPEN + "<info>".repeat(depth) + "</info>".repeat(depth) + "</alert>";
    }

    static String hugeAttribute(int chars) {
        return "<alert xmlns=\"" + SafeXml.CAP12 + "\" note=\"" + "A".repeat(chars)
                + "\"><identifier>x</identifier></alert>";
    }

    static String xinclude() {
        return OPEN
                + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/></alert>";
    }

    static CapReader.Report check(String xml) {
        return CapReader.check(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void externalEntityToAFileIsRefused() {
        CapReader.Report r = check(xxeFile());
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void externalEntityToAUrlIsRefused() {
        assertThat(check(xxeUrl()).problems().get(0).message()).contains("DOCTYPE");
        assertThat(check(externalDtd()).problems().get(0).message()).contains("DOCTYPE");
    }

    @Test
    void billionLaughsIsRefused() {
        CapReader.Report r = check(billionLaughs());
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).contains("DOCTYPE");
    }

    @Test
    void deepNestingIsRefused() {
        CapReader.Report r = check(deepNesting(100_000));
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).containsIgnoringCase("depth");
    }

    @Test
    void aHugeAttributeIsRefused() {
        CapReader.Report r = check(hugeAttribute(900_000));
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).contains("900000 characters");
    }

    @Test
    void manyAttributesAreRefused() {
        StringBuilder sb = new StringBuilder("<alert xmlns=\"" + SafeXml.CAP12 + "\"");
        for (int i = 0; i < 10_000; i++) sb.append(" a").append(i).append("=\"1\"");
        CapReader.Report r = check(sb.append("/>").toString());
        assertThat(r.hostile()).isTrue();
    }

    @Test
    void xincludeIsNotFollowed() {
        CapReader.Report r = check(xinclude());
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).contains("XInclude");
    }

    @Test
    void notWellFormedIsRefusedWithItsLine() {
        CapReader.Report r = check(OPEN + "\n<identifier>x</identifer></alert>");
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).startsWith("[xml-safe] line 2, column");
    }
}
