package org.tryvoha.shelter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tryvoha.config.Config;
import org.tryvoha.zone.CountrySettings;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** The {@code shelters-file} default: the Kyiv sample for Ukraine's zones, nothing for another country's. */
class BundledSheltersTest {
    @Test
    void theKyivSampleLoadsForUkraineOnly() throws Exception {
        ShelterIndex ukraine = ShelterIndex.load(null, ZoneTree.loadDefault(ShelterConfig.defaults()));
        assertThat(ukraine.size()).isGreaterThan(3_000);
        assertThat(ukraine.source()).contains("Kyiv");

        ZoneTree other;
        try (InputStream in = getClass().getResourceAsStream("/synthetic-country/zones.geojson")) {
            other = ZoneTree.load(
                    in,
                    ShelterConfig.defaults(),
                    CountrySettings.from(Config.Source.of(
                            Map.of(),
                            Map.of("TRYVOHA_ZONE_LEVELS", "bund=country,land=oblast,kreis=raion,gemeinde=hromada"))));
        }
        ShelterIndex none = ShelterIndex.load(null, other);
        assertThat(none.size()).isZero();
        assertThat(none.source()).isEqualTo("none");
        assertThat(ShelterIndex.load("none", other).size()).isZero();
        assertThat(ShelterIndex.load(" ", other).size()).isZero();
    }
}
