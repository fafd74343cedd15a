package org.tryvoha.zone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Kmu2010Test {
    @ParameterizedTest
    @CsvSource({
        "Харків, Kharkiv",
        "Запоріжжя, Zaporizhzhia",
        "Знам'янка, Znamianka",
        "Знам’янка, Znamianka",
        "Згурівка, Zghurivka",
        "Розгон, Rozghon",
        "Їжакевич, Yizhakevych",
        "Юрій, Yurii",
        "Яготин, Yahotyn",
        "Єнакієве, Yenakiieve",
        "Йосипівка, Yosypivka",
        "Стрий, Stryi",
        "Щастя, Shchastia",
        "Ґорґани, Gorgany",
        "Біла Церква, Bila Tserkva",
        "Кам'янець-Подільський район, Kamianets-Podilskyi raion",
        "Тур'є-Реметівська, Turie-Remetivska",
        "Харківська міська громада, Kharkivska miska hromada",
        "Київ, Kyiv",
        "Ізмаїл, Izmail",
        "Львів, Lviv",
    })
    void romanizesByTheKmu2010Table(String uk, String en) {
        assertThat(Kmu2010.romanize(uk)).isEqualTo(en);
    }

    @ParameterizedTest
    @CsvSource({"Kyiv 2022, Kyiv 2022", "ХАРКІВ, KHARKIV"})
    void leavesLatinAloneAndKeepsCapitals(String in, String out) {
        assertThat(Kmu2010.romanize(in)).isEqualTo(out);
    }
}
