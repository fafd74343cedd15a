package org.tryvoha.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled place index: settlements of the codifier by the names people type, cities first. */
class PlaceIndexTest {
    static final String ODESA = "UA51100270000073549";
    static final String ZAPORIZHZHIA = "UA23060070000082704";
    static final String SUMY = "UA59080270000073662";
    static final String POLTAVA = "UA53080370000025447";
    static final String VINNYTSIA = "UA05020030000031457";
    static final String CHERKASY = "UA71080490000022110";
    static final String KRYVYI_RIH = "UA12060170000091033";
    static final String KYIV = "UA80000000000093317";
    static final String KHARKIV = "UA63120270000028556";
    static final String MYKOLAIV = "UA48060150000071713";
    static final String LVIV = "UA46060250000025047";
    static final String DNIPRO = "UA12020010000033698";
    static final String KROPYVNYTSKYI = "UA35040210000014072";

    static ZoneTree tree;

    @BeforeAll
    static void load() {
        tree = ZoneTree.loadDefault(new ShelterConfig(90, Map.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        // the names a tester typed that found nothing
        "Одеса, " + ODESA,
        "Запоріжжя, " + ZAPORIZHZHIA,
        "Суми, " + SUMY,
        "Полтава, " + POLTAVA,
        "Вінниця, " + VINNYTSIA,
        "Черкаси, " + CHERKASY,
        "Кривий Ріг, " + KRYVYI_RIH,
        "Kiev, " + KYIV,
        "Odessa, " + ODESA,
        // KMU-2010 romanisations
        "Odesa, " + ODESA,
        "Zaporizhzhia, " + ZAPORIZHZHIA,
        "Kryvyi Rih, " + KRYVYI_RIH,
        "Sumy, " + SUMY,
        "Vinnytsia, " + VINNYTSIA,
        "Cherkasy, " + CHERKASY,
        "Mykolaiv, " + MYKOLAIV,
        // other Latin spellings, folded onto the same key
        "Zaporizhia, " + ZAPORIZHZHIA,
        "Kryvyy Rih, " + KRYVYI_RIH,
        "Kyyiv, " + KYIV,
        // historical spellings: Russian-language names by the press romanisation, former names
        "Kharkov, " + KHARKIV,
        "Nikolaev, " + MYKOLAIV,
        "Nikolayev, " + MYKOLAIV,
        "Zaporozhye, " + ZAPORIZHZHIA,
        "Lvov, " + LVIV,
        "Dnepr, " + DNIPRO,
        "Dnipropetrovsk, " + DNIPRO,
        "Dnepropetrovsk, " + DNIPRO,
        "Krivoy Rog, " + KRYVYI_RIH,
        "Krivoi Rog, " + KRYVYI_RIH,
        "Cherkassy, " + CHERKASY,
        "Vinnitsa, " + VINNYTSIA,
        "Kirovograd, " + KROPYVNYTSKYI,
        "Кировоград, " + KROPYVNYTSKYI,
        "Одесса, " + ODESA,
        "Запорожье, " + ZAPORIZHZHIA,
        "Днепропетровськ, " + DNIPRO,
        // other case; Latin look-alike letters typed inside a Cyrillic name
        "КРИВИЙ РIГ, " + KRYVYI_RIH,
        "запорiжжя, " + ZAPORIZHZHIA,
    })
    void findsTheCityFirst(String query, String zone) {
        List<Place> found = tree.places(query, 5);
        assertThat(found).as(query).isNotEmpty();
        assertThat(found.get(0).zone().id()).as(query + " → " + found).isEqualTo(zone);
        assertThat(found.get(0).kind()).isEqualTo(PlaceKind.MAJOR_CITY);
        assertThat(tree.search(query, 5).get(0).id()).as("zone search " + query).isEqualTo(zone);
    }

    @Test
    void citiesBeforeTownsAndVillagesOfTheSameName() {
        // Миколаїв is a city in Mykolaiv oblast (an oblast centre) and a town in Lviv oblast; many villages start with
        // it
        List<Place> found = tree.places("Миколаїв", 30);
        assertThat(found.get(0).zone().id()).isEqualTo(MYKOLAIV);
        assertThat(found.get(1).kind()).isEqualTo(PlaceKind.CITY);
        assertThat(found.get(1).zone().id()).startsWith("UA46");
        for (int i = 1; i < found.size(); i++) {
            Place a = found.get(i - 1), b = found.get(i);
            boolean sameMatch = PlaceNames.fold(a.matched()).equals(PlaceNames.fold(b.matched()));
            if (sameMatch) assertThat(a.kind()).as(a + " before " + b).isLessThanOrEqualTo(b.kind());
        }
        // a prefix: the city before every village whose name starts the same way
        List<Place> prefix = tree.places("Кривий Р", 10);
        assertThat(prefix.get(0).nameUk()).isEqualTo("Кривий Ріг");
    }

    @Test
    void everySettlementOfTheCodifierIsFound() {
        // 461 cities, 2,007 selyshches, 27,237 villages, 108 city districts, Kyiv and Sevastopol
        assertThat(tree.places("Петрівка", 500).stream()
                        .filter(p -> p.kind() == PlaceKind.VILLAGE)
                        .count())
                .isGreaterThan(50);
        Place village = tree.places("Андріївка", 1000).stream()
                .filter(p -> p.zone().id().equals("UA01020000000022387"))
                .findFirst()
                .orElseThrow();
        assertThat(village.zone().level()).isEqualTo(ZoneLevel.RAION); // Crimea: raions are the leaves
        assertThat(tree.places("Оболонський", 3).get(0).zone().id()).isEqualTo(KYIV);
    }

    @Test
    void aVillageFindsItsHromada() {
        // a selyshche in Kharkiv oblast and three villages: the selyshche first, each in its own hromada
        List<Place> found = tree.places("Вільшани", 4);
        assertThat(found)
                .extracting(Place::kind)
                .containsExactly(PlaceKind.SELYSHCHE, PlaceKind.VILLAGE, PlaceKind.VILLAGE, PlaceKind.VILLAGE);
        assertThat(found.get(0).zone().id()).isEqualTo("UA63120250000081463");
        assertThat(found.get(0).zone().level()).isEqualTo(ZoneLevel.HROMADA);
        assertThat(found).extracting(p -> p.zone().id()).contains("UA21120090000025804", "UA68040090000087566");
        assertThat(found.get(0).nameEn()).isEqualTo("Vilshany");
    }

    @Test
    void zoneNamesStillMatch() {
        assertThat(tree.search("Харківська область", 3).get(0).id()).isEqualTo("UA63000000000041885");
        assertThat(tree.search("Kharkivskyi raion", 3).get(0).id()).isEqualTo("UA63120000000091135");
        assertThat(tree.places("no such place", 5)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "Киев, Kiev",
        "Харьков, Kharkov",
        "Запорожье, Zaporozhye",
        "Кривой Рог, Krivoy Rog",
        "Одесса, Odessa",
        "Черновцы, Chernovtsy",
        "Ильичёвск, Ilichyovsk",
    })
    void russianNamesRomanisedByTheRule(String ru, String latin) {
        assertThat(PlaceNames.russianLatin(ru).get(0)).isEqualTo(latin);
    }

    @Test
    void strictFormAfterAVowel() {
        assertThat(PlaceNames.russianLatin("Николаев")).containsExactly("Nikolaev", "Nikolayev");
    }

    @Test
    void foldMakesSpellingsMeet() {
        assertThat(PlaceNames.fold("Odessa")).isEqualTo(PlaceNames.fold("Odesa"));
        assertThat(PlaceNames.fold("Zaporizhia")).isEqualTo(PlaceNames.fold("Zaporizhzhia"));
        assertThat(PlaceNames.fold("Khmelnitsky")).isEqualTo(PlaceNames.fold("Khmelnitskiy"));
        assertThat(PlaceNames.fold("Кам'янське")).isEqualTo(PlaceNames.fold("Камʼянське"));
        assertThat(PlaceNames.fold("Kiev")).isNotEqualTo(PlaceNames.fold("Kyiv")); // only the alias table joins these
    }
}
