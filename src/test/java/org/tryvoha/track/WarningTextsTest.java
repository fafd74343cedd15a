package org.tryvoha.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tryvoha.event.AlertType;

class WarningTextsTest {
    @Test
    void ukrainianAndEnglishByDefaultWithTheBuiltInTitles() {
        WarningTexts t = new WarningTexts(List.of("uk", "en"));
        assertThat(t.message(AlertType.DRONE))
                .containsEntry("uk", "Загроза ударних БпЛА! Негайно прямуйте в укриття.")
                .containsEntry("en", "Attack drone threat! Go to a shelter now.");
        assertThat(t.message(AlertType.EARLY_WARNING).get("en")).startsWith("Threats are expected within minutes");
    }

    @Test
    void everyTypeHasATitleInEveryBundledLanguage() {
        for (String lang : List.of("uk", "en", "de", "fr")) {
            WarningTexts t = new WarningTexts(List.of(lang));
            assertThat(t.languages()).containsExactly(lang);
            for (AlertType type : AlertType.values())
                assertThat(t.message(type).get(lang))
                        .as(lang + " " + type)
                        .doesNotContain("{type}")
                        .isNotBlank();
        }
    }

    @Test
    void aLanguageWithoutTextsFallsBackToEnglishOnce() {
        WarningTexts t = new WarningTexts(List.of("xx", "de", "en"));
        assertThat(t.languages()).containsExactly("en", "de");
        assertThat(t.message(AlertType.AIR_RAID))
                .containsEntry("en", "Air raid alert! Go to a shelter now.")
                .containsEntry("de", "Luftalarm! Suchen Sie sofort einen Schutzraum auf.");
    }
}
