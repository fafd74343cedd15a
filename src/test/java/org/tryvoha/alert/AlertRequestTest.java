package org.tryvoha.alert;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertStatus;
import org.tryvoha.event.AlertType;
import org.tryvoha.json.Json;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** An operator's raise or update read from JSON bytes against the bundled Ukraine zones. */
class AlertRequestTest {
    static final String KH_OBLAST = "UA63000000000041885";
    static final String KH_RAION = "UA63120000000091135";
    static final String KH_HROMADA = "UA63120270000028556";
    static final String KYIV = "UA80000000000093317";
    static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
    static final String CENTRAL_KHARKIV =
            "{\"type\":\"Polygon\",\"coordinates\":[[[36.20,49.98],[36.26,49.98],[36.26,50.01],[36.20,50.01],[36.20,49.98]]]}";

    static ZoneTree tree;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(ShelterConfig.defaults());
    }

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s.getBytes(UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static AlertRequest raise(String body) {
        return AlertRequest.parse(json(body), true, tree, NOW);
    }

    static AlertRequest update(String body) {
        return AlertRequest.parse(json(body), false, tree, NOW);
    }

    /** The field errors of a refused raise (or update), as "field: message". */
    static List<FieldError> errors(boolean raise, String body) {
        ProblemException p =
                catchThrowableOfType(ProblemException.class, () -> AlertRequest.parse(json(body), raise, tree, NOW));
        assertThat(p).as("refused: %s", body).isNotNull();
        assertThat(p.code).isEqualTo(ErrorCode.INVALID);
        return p.errors;
    }

    static List<String> fields(boolean raise, String body) {
        return errors(raise, body).stream().map(FieldError::field).toList();
    }

    static String msg(String body, String field) {
        return errors(true, body).stream()
                .filter(e -> e.field().equals(field))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error on " + field + " for " + body))
                .message();
    }

    static String valid(String extra) {
        return "{\"type\":\"air_raid\",\"zones\":[\"" + KH_HROMADA
                + "\"],\"message\":{\"uk\":\"Тривога\",\"en\":\"Alert\"}" + extra + "}";
    }

    @Test
    void aValidRaiseIsReadWithDefaults() {
        AlertRequest r = raise(valid(",\"expires_at\":\"2026-11-23T23:00:00+02:00\""));
        assertThat(r.type()).isEqualTo(AlertType.AIR_RAID);
        assertThat(r.status()).isEqualTo(AlertStatus.ACTUAL);
        assertThat(r.zones()).containsExactly(KH_HROMADA);
        assertThat(r.area()).isNull();
        assertThat(r.message()).isEqualTo(Map.of("uk", "Тривога", "en", "Alert"));
        assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(r.clearExpiry()).isFalse();
        assertThat(raise(valid(",\"status\":\"exercise\"")).status()).isEqualTo(AlertStatus.EXERCISE);
    }

    @Test
    void anEmptyRaiseNamesEveryRequiredField() {
        assertThat(fields(true, "{}")).containsExactlyInAnyOrder("type", "zones", "message");
        assertThat(fields(true, "[]")).containsExactly("$");
        assertThat(fields(false, "\"x\"")).containsExactly("$");
    }

    @Test
    void anUpdateChangesOnlyWhatItNames() {
        AlertRequest u = update("{}");
        assertThat(u.type()).isNull();
        assertThat(u.status()).isNull();
        assertThat(u.zones()).isNull();
        assertThat(u.message()).isNull();
        assertThat(u.expiresAt()).isNull();
        assertThat(u.clearExpiry()).isFalse();
        assertThat(update("{\"expires_at\":null}").clearExpiry()).isTrue();
        assertThat(update("{\"zones\":[\"" + KYIV + "\"]}").zones()).containsExactly(KYIV);
    }

    @Test
    void typeAndStatusErrorsNameTheAllowedValues() {
        assertThat(msg("{\"type\":\"rain\",\"zones\":[\"" + KYIV + "\"],\"message\":{\"uk\":\"x\"}}", "type"))
                .contains("'rain'")
                .contains("air_raid")
                .contains("ballistic_missile");
        assertThat(msg(valid(",\"status\":\"real\""), "status"))
                .contains("'real'")
                .contains("actual, exercise, test");
        assertThat(fields(true, "{\"type\":\"AIR_RAID\",\"zones\":[\"" + KYIV + "\"],\"message\":{\"uk\":\"x\"}}"))
                .containsExactly("type");
    }

    @Test
    void eachUnknownZoneIsNamedByItsIndex() {
        List<FieldError> e = errors(
                true,
                "{\"type\":\"drone\",\"zones\":[\"" + KYIV + "\",\"UA00\",\"" + KH_OBLAST
                        + "\",7],\"message\":{\"uk\":\"x\"}}");
        assertThat(e).extracting(FieldError::field).containsExactly("zones[1]", "zones[3]");
        assertThat(e.get(0).message()).contains("'UA00'");
        assertThat(msg("{\"type\":\"drone\",\"zones\":\"" + KYIV + "\",\"message\":{\"uk\":\"x\"}}", "zones"))
                .contains("must be an array");
    }

    @Test
    void areaErrorsCarryTheirPathAsTheField() {
        String open = "{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.26,50.01],[36.2,50.0]]]}";
        assertThat(fields(true, "{\"type\":\"drone\",\"area\":" + open + ",\"message\":{\"uk\":\"x\"}}"))
                .containsExactly("area.coordinates[0]");
        String far = "{\"type\":\"Polygon\",\"coordinates\":[[[-30,10],[-29,10],[-29,11],[-30,10]]]}"; // the Atlantic
        assertThat(msg("{\"type\":\"drone\",\"area\":" + far + ",\"message\":{\"uk\":\"x\"}}", "area"))
                .contains("covers no zone");
        assertThat(
                        fields(
                                true,
                                "{\"type\":\"drone\",\"area\":{\"type\":\"Point\",\"coordinates\":[36.2,50]},\"message\":{\"uk\":\"x\"}}"))
                .containsExactly("area.type");
        String feature =
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36.2,49.98],[36.26,49.98],[36.2,49.98]]]}}";
        assertThat(fields(true, "{\"type\":\"drone\",\"area\":" + feature + ",\"message\":{\"uk\":\"x\"}}"))
                .containsExactly("area.geometry.coordinates[0]");
        String bowTie =
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.20,49.98],[36.26,50.01],[36.26,49.98],[36.20,50.01],[36.20,49.98]]]}";
        assertThat(msg("{\"type\":\"drone\",\"area\":" + bowTie + ",\"message\":{\"uk\":\"x\"}}", "area"))
                .startsWith("invalid polygon");
    }

    @Test
    void expiresAtMustBeInTheFutureAndCarryAnOffset() {
        assertThat(msg(valid(",\"expires_at\":\"2026-11-23T19:59:59Z\""), "expires_at"))
                .contains("in the future");
        assertThat(msg(valid(",\"expires_at\":\"" + NOW + "\""), "expires_at")).contains("in the future");
        assertThat(msg(valid(",\"expires_at\":\"2026-11-23T23:00:00\""), "expires_at"))
                .contains("with offset");
        assertThat(msg(valid(",\"expires_at\":\"tomorrow\""), "expires_at")).contains("ISO-8601");
        assertThat(raise(valid(",\"expires_at\":\"2026-11-23T20:00:00.001Z\"")).expiresAt())
                .isAfter(NOW);
    }

    @Test
    void messageKeysAreLanguageCodesAndTextsAreNonEmptyAndBounded() {
        String base = "{\"type\":\"drone\",\"zones\":[\"" + KYIV + "\"],\"message\":";
        assertThat(raise(base + "{\"uk\":\"  Тривога \",\"en-GB\":\"Alert\",\"crh\":\"Hava tehlükesi\"}}")
                        .message())
                .containsOnlyKeys("uk", "en-GB", "crh")
                .containsEntry("uk", "Тривога");
        assertThat(fields(true, base + "{\"UK\":\"x\",\"ukrainian\":\"x\",\"u\":\"x\",\"en\":\"ok\"}}"))
                .containsExactlyInAnyOrder("message.UK", "message.ukrainian", "message.u");
        assertThat(fields(true, base + "{\"uk\":\"   \",\"en\":7}}"))
                .containsExactlyInAnyOrder("message.uk", "message.en");
        assertThat(raise(base + "{\"uk\":\"" + "я".repeat(AlertRequest.MAX_MESSAGE_CHARS) + "\"}}")
                        .message()
                        .get("uk"))
                .hasSize(AlertRequest.MAX_MESSAGE_CHARS);
        assertThat(msg(base + "{\"uk\":\"" + "я".repeat(AlertRequest.MAX_MESSAGE_CHARS + 1) + "\"}}", "message.uk"))
                .contains("longer than");
        assertThat(msg(base + "{}}", "message")).contains("at least one language");
        assertThat(msg(base + "\"Тривога\"}", "message")).contains("must be an object");
    }

    @Test
    void everyWrongFieldIsReportedAtOnce() {
        assertThat(
                        fields(
                                true,
                                "{\"type\":\"x\",\"status\":\"y\",\"zones\":[\"z\"],\"message\":{\"uk\":\"\"},\"expires_at\":\"2020-01-01T00:00:00Z\"}"))
                .containsExactlyInAnyOrder("type", "status", "zones[0]", "message.uk", "expires_at");
    }

    @Test
    void zonesInsideOtherTargetsAreDropped() {
        assertThat(raise("{\"type\":\"drone\",\"zones\":[\"" + KH_HROMADA + "\",\"" + KYIV + "\",\"" + KH_OBLAST
                                + "\",\"" + KH_RAION + "\"],\"message\":{\"uk\":\"x\"}}")
                        .zones())
                .containsExactly(KYIV, KH_OBLAST);
        assertThat(raise("{\"type\":\"drone\",\"zones\":[\"" + KH_HROMADA + "\",\"" + KH_RAION + "\",\"" + KH_HROMADA
                                + "\"],\"message\":{\"uk\":\"x\"}}")
                        .zones())
                .containsExactly(KH_RAION);
        assertThat(AlertRequest.outermost(new LinkedHashSet<>(List.of("UA", KYIV, KH_HROMADA)), tree))
                .containsExactly("UA");
        assertThat(AlertRequest.outermost(new LinkedHashSet<>(List.of(KYIV, KH_HROMADA)), tree))
                .containsExactly(KYIV, KH_HROMADA);
    }

    @Test
    void anAreaResolvesToTheLeafZonesItTouches() {
        AlertRequest r =
                raise("{\"type\":\"guided_bomb\",\"area\":" + CENTRAL_KHARKIV + ",\"message\":{\"uk\":\"x\"}}");
        assertThat(r.zones()).contains(KH_HROMADA).doesNotContain(KYIV, KH_OBLAST, KH_RAION);
        assertThat(r.zones())
                .allSatisfy(z ->
                        assertThat(tree.get(z).orElseThrow().isLeaf()).as(z).isTrue());
        assertThat(r.area().path("type").asText()).isEqualTo("Polygon");
        // the same area inside an oblast that is also a target adds nothing
        AlertRequest both = raise("{\"type\":\"guided_bomb\",\"zones\":[\"" + KH_OBLAST + "\"],\"area\":"
                + CENTRAL_KHARKIV + ",\"message\":{\"uk\":\"x\"}}");
        assertThat(both.zones()).containsExactly(KH_OBLAST);
        // and a Feature wrapper resolves the same
        AlertRequest f =
                raise("{\"type\":\"guided_bomb\",\"area\":{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                        + CENTRAL_KHARKIV + "},\"message\":{\"uk\":\"x\"}}");
        assertThat(f.zones()).containsExactlyElementsOf(r.zones());
    }

    @Test
    void anEmptyZoneListIsRefusedNotAnAlertForNobody() {
        assertThat(msg("{\"type\":\"drone\",\"zones\":[],\"message\":{\"uk\":\"x\"}}", "zones"))
                .contains("at least one zone");
        assertThat(fields(false, "{\"zones\":[]}")).containsExactly("zones");
    }

    @Test
    void blankMessageTextIsRefusedWhateverTheSpaces() {
        for (String blank : new String[] {"", "   ", "\\u00a0\\u2007", "\\u200b", "\\n\\t"})
            assertThat(fields(true, valid("").replace("\"Тривога\"", "\"" + blank + "\"")))
                    .as(blank)
                    .containsExactly("message.uk");
    }

    @Test
    void unknownFieldsAreNamed() {
        List<FieldError> e = errors(true, valid(",\"zone\":[\"" + KYIV + "\"],\"expires\":\"x\""));
        assertThat(e).extracting(FieldError::field).containsExactlyInAnyOrder("zone", "expires");
        assertThat(e.get(0).message()).contains("unknown field").contains("zones");
        assertThat(fields(false, "{\"zone\":[\"" + KYIV + "\"]}")).containsExactly("zone");
    }
}
