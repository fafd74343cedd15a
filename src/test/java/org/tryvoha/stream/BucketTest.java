package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Swap-remove buckets keep every slot right however subscribers join and leave. */
class BucketTest {
    @Test
    void joinAndLeaveInAnyOrderKeepsSlotsConsistent() {
        Bucket a = new Bucket(), b = new Bucket();
        List<RecordingSubscriber> subs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RecordingSubscriber d = new RecordingSubscriber(null);
            d.anchor(List.of("A", "B"));
            a.add(d, 0);
            b.add(d, 1);
            subs.add(d);
        }
        Random r = new Random(7);
        Set<Subscriber> left = new HashSet<>(subs);
        for (int i = 0; i < 900; i++) {
            RecordingSubscriber d = subs.remove(r.nextInt(subs.size()));
            a.remove(d, 0);
            b.remove(d, 1);
            left.remove(d);
            for (Bucket x : List.of(a, b)) {
                for (int j = 0; j < x.size; j++)
                    assertThat(x.subs[j].slots[x.subs[j].slotOf(x)]).isEqualTo(j);
            }
        }
        assertThat(a.size).isEqualTo(100);
        assertThat(new HashSet<>(Arrays.asList(a.subs).subList(0, a.size))).isEqualTo(left);
        assertThat(new HashSet<>(Arrays.asList(b.subs).subList(0, b.size))).isEqualTo(left);
    }

    @Test
    void nearestRankPercentiles() {
        long[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Percentiles.nearestRank(s, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(s, 90)).isEqualTo(9);
        assertThat(Percentiles.nearestRank(s, 99)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(s, 100)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new long[] {42}, 1)).isEqualTo(42);
        assertThat(Percentiles.nearestRank(new long[0], 50)).isEqualTo(-1);
    }
}
