package org.tryvoha.shelter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShelterIndexTest {
    @Test
    void nearestMatchesABruteForceScanOverRandomPoints() {
        Random rnd = new Random(42);
        List<Shelter> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
            all.add(new Shelter(
                    "s" + i, null, 50.2 + rnd.nextDouble() * 0.5, 30.2 + rnd.nextDouble() * 0.7, null, null, null));
        ShelterIndex index = new ShelterIndex(all, "test");
        for (int q = 0; q < 200; q++) {
            double lat = 50.0 + rnd.nextDouble() * 0.9, lon = 30.0 + rnd.nextDouble() * 1.1;
            List<String> expected = all.stream()
                    .sorted(Comparator.comparingDouble(s -> ShelterIndex.distanceM(lat, lon, s.lat(), s.lon())))
                    .limit(5)
                    .map(Shelter::id)
                    .toList();
            assertThat(index.nearest(lat, lon, 5))
                    .extracting(n -> n.shelter().id())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void distanceAndWalkingTimeAtOnePointTwoMetresASecond() {
        // one thousandth of a degree of latitude is about 111.2 m
        ShelterIndex index = new ShelterIndex(List.of(new Shelter("a", "x", 50.001, 30.0, null, null, null)), "test");
        ShelterIndex.Near n = index.nearest(50.0, 30.0, 3).get(0);
        assertThat(n.distanceM()).isCloseTo(111.2, within(0.5));
        assertThat(n.walkSeconds()).isEqualTo((long) Math.ceil(n.distanceM() / 1.2));
    }

    @Test
    void nothingFartherThanTheLimitAndEmptyIndexAnswersEmpty() {
        ShelterIndex index =
                new ShelterIndex(List.of(new Shelter("kyiv", null, 50.45, 30.52, null, null, null)), "test");
        assertThat(index.nearest(49.9935, 36.2304, 3)).isEmpty(); // Kharkiv is ~410 km away
        assertThat(index.nearest(50.46, 30.52, 3)).hasSize(1);
        assertThat(ShelterIndex.empty().nearest(50.45, 30.52, 3)).isEmpty();
    }

    @Test
    void boxQuery() {
        ShelterIndex index = new ShelterIndex(
                List.of(
                        new Shelter("in", null, 50.45, 30.52, null, null, null),
                        new Shelter("out", null, 50.60, 30.52, null, null, null)),
                "test");
        assertThat(index.inBox(30.5, 50.4, 30.6, 50.5, 10))
                .extracting(Shelter::id)
                .containsExactly("in");
    }
}
