package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tryvoha.ServerTestBase;
import org.tryvoha.cli.TryvohaCommand;
import picocli.CommandLine;

/** {@code tryvoha cap validate | import | export}, run as a user runs them, against a real server. */
class CapCliTest extends ServerTestBase {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = TryvohaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void validatePrintsEveryProblemAndFailsOnInvalid() throws Exception {
        Path good = dir.resolve("good.xml"), bad = dir.resolve("bad.xml"), hostile = dir.resolve("hostile.xml");
        String storm = CapReaderTest.resource("oasis/Oasis_ThunderstormWarning.xml");
        Files.writeString(good, storm);
        Files.writeString(
                bad,
                storm.replace("<identifier>KSTO1055887203</identifier>", "<identifier>a b</identifier>")
                        .replace("38.62,-119.89 38.47,-120.14</polygon>", "38.62,-119.89</polygon>"));
        Files.writeString(hostile, HostileXmlTest.billionLaughs());
        Run ok = run("cap", "validate", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("valid CAP 1.2 (Alert, Actual, 1 info, signature unsigned)");
        Run r = run("cap", "validate", good.toString(), bad.toString(), hostile.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("bad.xml: INVALID, 2 problem(s)")
                .contains("  error [identifier-chars] /alert/identifier[1]: ")
                .contains("  error [polygon-closed] /alert/info[1]/area[1]/polygon[1]: ")
                .contains("hostile.xml: INVALID (refused before reading)");
    }

    @Test
    void importThenExport() throws Exception {
        Path f = dir.resolve("ua.xml");
        Files.writeString(
                f,
                CapMessages.alert(
                        "dsns@example.gov.ua",
                        "CLI-" + System.nanoTime(),
                        "Alert",
                        "Actual",
                        null,
                        CapMessages.geocode(CapMessages.RAION),
                        null));
        Run imported = run("cap", "import", f.toString(), "--server", server.base, "--key", server.adminKey);
        assertThat(imported.code()).as(imported.err()).isZero();
        String id = imported.out().strip();
        assertThat(imported.err()).contains("issued alert " + id).contains(CapMessages.RAION);
        Run exported = run("cap", "export", id, "--server", server.base);
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(exported.out())
                .contains("<msgType>Alert</msgType>")
                .contains("<value>" + CapMessages.RAION + "</value>");
        Run again = run("cap", "import", f.toString(), "--server", server.base, "--key", server.adminKey);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out().strip()).isEqualTo(id);
        assertThat(again.err()).contains("already applied").contains("issued alert " + id);
        assertThat(run("cap", "export", "nope", "--server", server.base).err()).contains("HTTP 404");
    }
}
