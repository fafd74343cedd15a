package org.tryvoha.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;

/** Parsing and validation from bytes in memory: the OASIS examples, each CAP rule broken by hand. */
class CapReaderTest {
    static String resource(String name) {
        try (InputStream in = CapReaderTest.class.getResourceAsStream("/cap/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String thunderstorm() {
        return resource("oasis/Oasis_ThunderstormWarning.xml");
    }

    static List<FieldError> problems(String xml) {
        CapReader.Report r = CapReader.check(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.hostile()).as("hostile").isFalse();
        return r.problems();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Oasis_HomelandAlert.xml",
                "Oasis_ThunderstormWarning.xml",
                "Oasis_EarthquakeReport.xml",
                "Oasis_AmberAlert.xml"
            })
    void theOasisExamplesAreValid(String file) {
        CapReader.Parsed p = CapReader.read(resource("oasis/" + file).getBytes(StandardCharsets.UTF_8));
        assertThat(p.message().version()).isEqualTo("1.2");
        assertThat(p.message().infos()).isNotEmpty();
        assertThat(p.message().identifier()).isNotBlank();
    }

    @Test
    void theModelCarriesAreasAndReferences() {
        CapMessage m =
                CapReader.read(thunderstorm().getBytes(StandardCharsets.UTF_8)).message();
        assertThat(m.sender()).isEqualTo("KSTO@NWS.NOAA.GOV");
        CapMessage.CapArea a = m.infos().get(0).areas().get(0);
        assertThat(a.path()).isEqualTo("/alert/info[1]/area[1]");
        assertThat(a.polygons()).hasSize(1);
        assertThat(a.geocodes()).extracting(CapMessage.Pair::value).containsExactly("006109", "006009", "006003");
        CapMessage eq = CapReader.read(
                        resource("oasis/Oasis_EarthquakeReport.xml").getBytes(StandardCharsets.UTF_8))
                .message();
        assertThat(eq.references()).isEqualTo("trinet@caltech.edu,TRI13970876.1,2003-06-11T20:30:00-07:00");
        assertThat(eq.infos().get(0).areas().get(0).circles().get(0).text()).isEqualTo("32.9525,-115.5527 0");
    }

    /** Each CAP rule the schema cannot express, broken in a schema-valid copy of an OASIS example. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "polygon with 3 pairs|38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14|38.47,-120.14 38.34,-119.95 38.47,-120.14|/alert/info[1]/area[1]/polygon[1]|at least 4",
                "polygon not closed|38.62,-119.89 38.47,-120.14</polygon>|38.62,-119.89 38.40,-120.10</polygon>|/alert/info[1]/area[1]/polygon[1]|not closed",
                "polygon lon,lat order|38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14|-120.14,38.47 -119.95,38.34 -119.74,38.52 -119.89,38.62 -120.14,38.47|/alert/info[1]/area[1]/polygon[1]|latitude",
                "circle without radius|</polygon>|</polygon><circle>38.4,-120.0</circle>|/alert/info[1]/area[1]/circle[1]|radius",
                "circle negative radius|</polygon>|</polygon><circle>38.4,-120.0 -5</circle>|/alert/info[1]/area[1]/circle[1]|radius",
                "identifier with space|<identifier>KSTO1055887203</identifier>|<identifier>KSTO 1055887203</identifier>|/alert/identifier[1]|no spaces",
                "identifier with comma|<identifier>KSTO1055887203</identifier>|<identifier>KSTO,1055887203</identifier>|/alert/identifier[1]|commas",
                "sender with ampersand|<sender>KSTO@NWS.NOAA.GOV</sender>|<sender>KSTO&amp;NWS</sender>|/alert/sender[1]|&",
                "update without references|<msgType>Alert</msgType>|<msgType>Update</msgType>|/alert/msgType[1]|references",
                "cancel without references|<msgType>Alert</msgType>|<msgType>Cancel</msgType>|/alert/msgType[1]|references",
                "references not triplets|<scope>Public</scope>|<scope>Public</scope><references>KSTO@NWS.NOAA.GOV KSTO1</references>|/alert/references[1]|triplet",
                "references time without zone|<scope>Public</scope>|<scope>Public</scope><references>KSTO@NWS.NOAA.GOV,KSTO1,2003-06-17T14:57:00</references>|/alert/references[1]|offset",
                "restriction with scope Public|<scope>Public</scope>|<scope>Public</scope><restriction>staff</restriction>|/alert/restriction[1]|Restricted",
                "private without addresses|<scope>Public</scope>|<scope>Private</scope>|/alert/scope[1]|addresses",
                "ceiling without altitude|</areaDesc>|</areaDesc></area><area><areaDesc>x</areaDesc><ceiling>100</ceiling>|/alert/info[1]/area[2]/ceiling[1]|altitude",
                "altitude above ceiling|</areaDesc>|</areaDesc></area><area><areaDesc>x</areaDesc><altitude>200</altitude><ceiling>100</ceiling>|/alert/info[1]/area[2]/altitude[1]|ceiling",
                "web not absolute|<contact>|<web>scsn.html</web><contact>|/alert/info[1]/web[1]|absolute",
                "language not a tag|<category>Met</category>|<language>en_US</language><category>Met</category>|/alert/info[1]/language[1]|RFC 3066",
            })
    void eachBrokenRuleIsNamedWithItsPath(String name, String from, String to, String path, String says) {
        String xml = thunderstorm();
        assertThat(xml).contains(from);
        List<FieldError> errs = problems(xml.replace(from, to));
        assertThat(errs).as(name).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo(path);
            assertThat(e.message()).contains(says);
        });
    }

    @Test
    void derefUriMustBeBase64() {
        String xml =
                resource("oasis/Oasis_HomelandAlert.xml").replace("<uri>", "<derefUri>not base64!</derefUri><uri>");
        // derefUri comes after uri in the schema: put it in the right place
        xml = resource("oasis/Oasis_HomelandAlert.xml").replace("</uri>", "</uri><derefUri>not base64!</derefUri>");
        assertThat(problems(xml))
                .anySatisfy(e -> assertThat(e.field()).isEqualTo("/alert/info[1]/resource[1]/derefUri[1]"));
    }

    @Test
    void timesNeedANumericOffset() {
        String xml = thunderstorm().replace("2003-06-17T16:00:00-07:00", "2003-06-17T23:00:00Z");
        List<FieldError> errs = problems(xml);
        // the schema's pattern and the rule both say so, at the element
        assertThat(errs).allSatisfy(e -> assertThat(e.field()).isEqualTo("/alert/info[1]/expires[1]"));
        assertThat(errs)
                .anySatisfy(e -> assertThat(e.message()).contains("line ").contains("column "));
        assertThat(errs).anySatisfy(e -> assertThat(e.message()).contains("no Z"));
    }

    @Test
    void schemaErrorsNameLineColumnAndPath() {
        String xml = thunderstorm().replace("<urgency>Immediate</urgency>", "<urgency>Soonish</urgency>");
        List<FieldError> errs = problems(xml);
        assertThat(errs).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("/alert/info[1]/urgency[1]");
            assertThat(e.message()).startsWith("[schema] line 15, column").contains("Soonish");
        });
    }

    @Test
    void everyProblemIsReportedTogether() {
        String xml = thunderstorm()
                .replace("<identifier>KSTO1055887203</identifier>", "<identifier>a b</identifier>")
                .replace("38.62,-119.89 38.47,-120.14</polygon>", "38.62,-119.89</polygon>")
                .replace("<msgType>Alert</msgType>", "<msgType>Cancel</msgType>");
        assertThatThrownBy(() -> CapReader.read(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.code).isEqualTo(ErrorCode.INVALID);
                    assertThat(p.errors)
                            .extracting(FieldError::field)
                            .contains("/alert/identifier[1]", "/alert/info[1]/area[1]/polygon[1]", "/alert/msgType[1]");
                });
    }

    @Test
    void cap11IsAcceptedAndReadAs12() {
        String xml = thunderstorm().replace(SafeXml.CAP12, SafeXml.CAP11);
        CapReader.Parsed p = CapReader.read(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(p.message().version()).isEqualTo("1.1");
        assertThat(p.message().infos().get(0).event()).isEqualTo("SEVERE THUNDERSTORM");
    }

    @Test
    void otherRootsAndNamespacesAreRefused() {
        CapReader.Report r = CapReader.check("<alert xmlns='urn:example'/>".getBytes(StandardCharsets.UTF_8));
        assertThat(r.hostile()).isTrue();
        String xml = thunderstorm().replace("<contact>", "<x:evil xmlns:x='urn:evil'>1</x:evil><contact>");
        r = CapReader.check(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(r.hostile()).isTrue();
        assertThat(r.problems().get(0).message()).contains("urn:evil");
    }
}
