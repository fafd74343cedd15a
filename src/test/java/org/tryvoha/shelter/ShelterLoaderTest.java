package org.tryvoha.shelter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShelterLoaderTest {
    private static final String HEADER =
            "city,district,address,address_number,latitude,longitude,closure_type,shelter_type,building_type,owner,ownership_type,phone,ramp,source_file\n";

    @Test
    void badRowsAreReportedWithTheirLinesAndSkipped() throws Exception {
        String csv = HEADER
                + "м. Київ,Дарницький,вул. Ахматової Анни,13,50.40747,30.635,Подвійного призначення,Підвал,Житловий будинок,«13-й квартал»,Приватна,095,Відсутній,0.csv\n"
                + "м. Київ,Шевченківський,вул. Х,1,30.46020,Найпростіші укриття,Підвал,Житловий будинок,о,Комунальна,1,Відсутній,5.csv,extra,more\n"
                + "м. Київ,Шевченківський,вул. Y,2,50.43 30.45,30.45,Найпростіші укриття,Підвал,Ж,о,Комунальна,1,В наявності,5.csv\n"
                + "м. Київ,Дарницький,\"вул. \"\"Лапки\"\", з комою\",2-Б,50.4177904,30.6325083,Подвійного призначення,Підземний паркінг з пандусом,Б,\"ТОВ \"\"Житло\"\"\",Приватна,1,В наявності,0.csv\n"
                + "м. Київ,Дарницький,вул. Z,3,95.0,30.6,Подвійного призначення,Підвал,Б,о,Приватна,1,,0.csv\n"
                + "м. Київ,Дарницький,вул. Далеко,4,48.0,10.0,Подвійного призначення,Підвал,Б,о,Приватна,1,відсутній,0.csv\n";
        ShelterLoader.Bounds ukraineBox = (lat, lon) -> lat > 44 && lat < 53 && lon > 22 && lon < 41;
        ShelterLoader.Result r = ShelterLoader.csv(new StringReader(csv), ukraineBox);

        assertThat(r.shelters()).extracting(Shelter::id).containsExactly("line-2", "line-4", "line-5");
        assertThat(r.rejected()).extracting(ShelterLoader.Rejected::line).containsExactly(3, 6, 7);
        assertThat(r.rejected().get(0).reason()).contains("15 columns, the header has 14");
        assertThat(r.rejected().get(1).reason()).contains("out of range");
        assertThat(r.rejected().get(2).reason()).contains("outside every zone");
        assertThat(r.repaired()).containsExactly(4);
        Shelter quoted = r.shelters().get(2);
        assertThat(quoted.address()).isEqualTo("вул. \"Лапки\", з комою, 2-Б");
        assertThat(quoted.stepFree()).isTrue();
        assertThat(quoted.kind()).isEqualTo("Підземний паркінг з пандусом");
        assertThat(r.shelters().get(0).stepFree()).isFalse();
    }

    @Test
    void coordinatesMovedOutOfTheirColumnsAreFoundAndTheCellsAfterThemReadMoved() throws Exception {
        String csv = HEADER
                // the address number left out: every later cell moved one to the left
                + "м.Київ,Солом'янський,Станція метро «Берестейська»,50.4589892,30.4200999,Подвійного призначення,Станція метро,Станція метрополітену,о,Комунальна,456-52-02,В наявності,8.csv,\n"
                // both coordinates in one cell
                + "м.Київ,Солом'янський,вул. Єреванська,14,50.4360303 30.4595091,Подвійного призначення,Підвал,Житловий будинок,о,Комунальна,242-23-53,Відсутній,8.csv,\n"
                // nothing that reads as a point inside the bounds: still refused
                + "м.Київ,Солом'янський,вул. Н,7,немає,немає,Подвійного призначення,Підвал,Ж,о,Комунальна,1.5,2.5,8.csv\n";
        ShelterLoader.Bounds ukraineBox = (lat, lon) -> lat > 44 && lat < 53 && lon > 22 && lon < 41;
        ShelterLoader.Result r = ShelterLoader.csv(new StringReader(csv), ukraineBox);

        assertThat(r.repaired()).containsExactly(2, 3);
        assertThat(r.rejected()).extracting(ShelterLoader.Rejected::line).containsExactly(4);
        Shelter metro = r.shelters().get(0);
        assertThat(metro.lat()).isEqualTo(50.4589892);
        assertThat(metro.lon()).isEqualTo(30.4200999);
        assertThat(metro.address())
                .as("the coordinate is not a house number")
                .isEqualTo("Станція метро «Берестейська»");
        assertThat(metro.kind()).isEqualTo("Станція метро");
        Shelter basement = r.shelters().get(1);
        assertThat(basement.lat()).isEqualTo(50.4360303);
        assertThat(basement.lon()).isEqualTo(30.4595091);
        assertThat(basement.address()).isEqualTo("вул. Єреванська, 14");
        assertThat(basement.kind()).isEqualTo("Підвал");
    }

    @Test
    void aFileWithoutCoordinateColumnsLoadsNothingAndSaysWhy() throws Exception {
        ShelterLoader.Result r = ShelterLoader.csv(new StringReader("a,b\n1,2\n"), null);
        assertThat(r.shelters()).isEmpty();
        assertThat(r.rejected())
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("latitude and longitude"));
    }

    @Test
    void geoJsonPointsLoadAndBadFeaturesAreSkipped() throws Exception {
        String json = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"s1","name":"Метро Хрещатик","kind":"metro","step_free":true},"geometry":{"type":"Point","coordinates":[30.5226,50.4471]}},
          {"type":"Feature","properties":{"id":"s2"},"geometry":{"type":"LineString","coordinates":[[30,50],[31,51]]}},
          {"type":"Feature","properties":{"id":"s3"},"geometry":{"type":"Point","coordinates":[200,50]}}]}""";
        ShelterLoader.Result r =
                ShelterLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.geojson", null);
        assertThat(r.shelters()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("s1");
            assertThat(s.address()).isEqualTo("Метро Хрещатик");
            assertThat(s.stepFree()).isTrue();
        });
        assertThat(r.rejected()).extracting(ShelterLoader.Rejected::line).containsExactly(2, 3);
    }

    @Test
    void theBundledKyivSampleLoadsWithItsShiftedRowsRepairedInsideKyiv() throws Exception {
        try (var in = ShelterIndex.class.getResourceAsStream(ShelterIndex.BUNDLED)) {
            ShelterLoader.Result r = ShelterLoader.load(in, "kyiv_shelters_2022.csv", null);
            // the README of the data set: 3,355 rows, about 30 with unparsable or shifted coordinates
            assertThat(r.shelters().size() + r.rejected().size()).isEqualTo(3355);
            assertThat(r.repaired().size()).isBetween(10, 60);
            assertThat(r.shelters())
                    .filteredOn(s -> r.repaired().contains(Integer.parseInt(s.id().substring("line-".length()))))
                    .hasSize(r.repaired().size())
                    .allSatisfy(s -> {
                        assertThat(s.lat()).as(s.address()).isBetween(50.2, 50.6); // Kyiv
                        assertThat(s.lon()).as(s.address()).isBetween(30.2, 30.9);
                    });
        }
    }
}
