package org.tryvoha.zone;

import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of {@link CountrySettings}, read by their long names through {@link
 * org.tryvoha.config.Config.Source}. Fields only; picocli fills them.
 */
public final class CountryOptions {
    @Option(
            names = "--time-zone",
            description = "Local time of statistics and of plain dates (default Europe/Kyiv); env TRYVOHA_TIME_ZONE")
    String timeZone;

    @Option(
            names = "--languages",
            description = "Languages of automatic warning texts, e.g. de,fr (default uk,en); env TRYVOHA_LANGUAGES")
    String languages;

    @Option(
            names = "--zone-levels",
            description =
                    "The zones file's own level names onto the tiers, e.g. land=oblast,kreis=raion,gemeinde=hromada"
                            + " (default: the tier names); env TRYVOHA_ZONE_LEVELS")
    String zoneLevels;

    @Option(
            names = "--level-labels",
            description =
                    "Display names of the tiers, e.g. oblast=Land,raion=Kreis (default: the names of --zone-levels);"
                            + " env TRYVOHA_LEVEL_LABELS")
    String levelLabels;

    @Option(
            names = "--two-person-region-level",
            description = "The level whose zones count as regions for the two-person rule (default oblast);"
                    + " env TRYVOHA_TWO_PERSON_REGION_LEVEL")
    String regionLevel;
}
