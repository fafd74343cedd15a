package org.tryvoha.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tryvoha.config.Config;

class CountrySettingsTest {
    static CountrySettings of(Map<String, String> env) {
        return CountrySettings.from(Config.Source.of(Map.of(), env));
    }

    @Test
    void theDefaultsAreUkraines() {
        CountrySettings c = CountrySettings.defaults();
        assertThat(c.timeZone()).isEqualTo(ZoneId.of("Europe/Kyiv"));
        assertThat(c.languages()).containsExactly("uk", "en");
        assertThat(c.regionLevel()).isEqualTo(ZoneLevel.OBLAST);
        assertThat(c.label(ZoneLevel.RAION)).isEqualTo("raion");
        assertThat(c.tier("Hromada")).isEqualTo(ZoneLevel.HROMADA);
    }

    @Test
    void aCountrysOwnLevelNamesMapOntoTheTiersAndNameThem() {
        CountrySettings c = of(Map.of(
                "TRYVOHA_ZONE_LEVELS", "State=oblast, county=raion",
                "TRYVOHA_LEVEL_LABELS", "hromada=Township",
                "TRYVOHA_TWO_PERSON_REGION_LEVEL", "County",
                "TRYVOHA_LANGUAGES", " EN, es ,en",
                "TRYVOHA_TIME_ZONE", "America/Chicago"));
        assertThat(c.tier("state")).isEqualTo(ZoneLevel.OBLAST);
        assertThat(c.tier("oblast")).as("the tier names still work").isEqualTo(ZoneLevel.OBLAST);
        assertThat(c.label(ZoneLevel.OBLAST)).isEqualTo("State");
        assertThat(c.label(ZoneLevel.HROMADA)).isEqualTo("Township");
        assertThat(c.regionLevel()).isEqualTo(ZoneLevel.RAION);
        assertThat(c.languages()).containsExactly("en", "es");
        assertThat(c.timeZone().getId()).isEqualTo("America/Chicago");
        assertThatThrownBy(() -> c.tier("parish"))
                .hasMessageContaining("unknown level 'parish'")
                .hasMessageContaining("state");
    }

    @Test
    void badSettingsSayWhatIsWrong() {
        assertThatThrownBy(() -> of(Map.of("TRYVOHA_TIME_ZONE", "Mars/Olympus")))
                .hasMessageContaining("time-zone")
                .hasMessageContaining("America/Chicago");
        assertThatThrownBy(() -> of(Map.of("TRYVOHA_LANGUAGES", "deutsch"))).hasMessageContaining("languages");
        assertThatThrownBy(() -> of(Map.of("TRYVOHA_ZONE_LEVELS", "land=province")))
                .hasMessageContaining("zone-levels")
                .hasMessageContaining("'province' is not a tier");
        assertThatThrownBy(() -> of(Map.of("TRYVOHA_ZONE_LEVELS", "land")))
                .hasMessageContaining("zone-levels must be pairs");
        assertThatThrownBy(() -> of(Map.of("TRYVOHA_TWO_PERSON_REGION_LEVEL", "kreis")))
                .hasMessageContaining("two-person-region-level");
    }

    @Test
    void aZonesFileWithItsOwnLevelNamesLoadsOnlyWithTheMapping() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"id":"R","level":"realm","name_fr":"Royaume"},"geometry":null},
                {"type":"Feature","properties":{"id":"R1","level":"shire","parent":"R","name_de":"Grafschaft","name_fr":"Comté"},
                 "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}
                """;
        CountrySettings c = of(Map.of("TRYVOHA_ZONE_LEVELS", "realm=country,shire=oblast"));
        ZoneTree tree = ZoneTree.load(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ShelterConfig.defaults(), c);
        Zone shire = tree.get("R1").orElseThrow();
        assertThat(shire.level()).isEqualTo(ZoneLevel.OBLAST);
        assertThat(shire.names()).containsExactly(Map.entry("de", "Grafschaft"), Map.entry("fr", "Comté"));
        assertThat(shire.nameEn()).isEqualTo("Grafschaft");
        assertThat(tree.search("comte", 5)).containsExactly(shire);
        assertThat(tree.country()).isSameAs(c);
        assertThat(List.of(tree.root().level())).containsExactly(ZoneLevel.COUNTRY);
        assertThatThrownBy(() -> ZoneTree.load(
                        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ShelterConfig.defaults()))
                .hasMessageContaining("zone R: refused: level must be")
                .hasMessageContaining("got 'realm'")
                .hasMessageContaining("zone-levels");
    }
}
