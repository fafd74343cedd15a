package org.tryvoha.delivery.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How one event's pushes are cut into shares: every subscription in exactly one, about evenly, the same everywhere. */
class PushSharesTest {
    static final String FCM = "https://fcm.googleapis.com/fcm/send/";

    @Test
    void everyEndpointFallsInOneBucketTheSameOnEveryCall() {
        for (int i = 0; i < 1_000; i++) {
            String e = FCM + "dGVzdC1lbmRwb2ludA" + i;
            int k = PushShares.bucket(e, 64);
            assertThat(k).isBetween(0, 63);
            assertThat(PushShares.bucket(new String(e.toCharArray()), 64))
                    .as("another String of the same text (another node)")
                    .isEqualTo(k);
        }
        assertThat(PushShares.bucket(FCM + "x", 1)).isZero();
    }

    @Test
    void theBucketOfAnEndpointDoesNotDependOnTheJvm() {
        // String.hashCode is specified by the JLS, so these are what every node computes
        assertThat(PushShares.bucket("https://push.example/a", 64)).isEqualTo(bucketByHand("https://push.example/a"));
        assertThat(PushShares.bucket("", 7)).isZero(); // hash 0 mixes to 0
    }

    private static int bucketByHand(String s) {
        int h = 0;
        for (char c : s.toCharArray()) h = 31 * h + c;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 64);
    }

    @Test
    void endpointsThatDifferOnlyAtTheEndSpreadEvenly() {
        int n = 64_000, buckets = 64;
        int[] count = new int[buckets];
        for (int i = 0; i < n; i++) count[PushShares.bucket("http://127.0.0.1:40000/push/" + i, buckets)]++;
        // an even spread puts 1,000 in each; a share more than 15% off would hold back its node
        assertThat(IntStream.of(count).min().orElseThrow()).isGreaterThan(850);
        assertThat(IntStream.of(count).max().orElseThrow()).isLessThan(1_150);
    }

    @Test
    void theGroupsOfAnEventHoldEveryRecipientExactlyOnce() {
        Browser b = Browser.create();
        List<WebPush.Recipient> all = new ArrayList<>();
        for (int i = 0; i < 500; i++)
            all.add(WebPush.Recipient.of(new PushSubscription(
                    FCM + i, b.publicKey(), b.auth(), List.of("UA1"), false, java.time.Instant.EPOCH)));
        List<List<WebPush.Recipient>> groups = PushShares.group(all, 16);
        assertThat(groups).hasSize(16);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < groups.size(); k++)
            for (WebPush.Recipient r : groups.get(k)) {
                assertThat(seen.add(r.sub().endpoint())).as("in one group only").isTrue();
                assertThat(PushShares.bucket(r.sub().endpoint(), 16)).isEqualTo(k);
            }
        assertThat(seen).hasSize(500);
        assertThat(groups).allSatisfy(g -> assertThat(g).isNotEmpty());
    }

    @Test
    void aShareReadsBackAsWritten() {
        PushShares.Share s = new PushShares.Share(123_456_789_012L, 5, 64);
        assertThat(s.id()).isEqualTo("123456789012:5");
        assertThat(PushShares.Share.parse(s.bytes())).isEqualTo(s);
        assertThatThrownBy(() -> PushShares.Share.parse("1 64 64".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PushShares.Share.parse("1 2".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
