package org.tryvoha.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A shard tells other threads whether any subscriber is anchored on it, so the fan-out wakes only loops that have one. */
class ShardTest {
  @Test
  void holdsSubscribersOnlyWhileOneIsAnchored() {
    Fanout fanout = new Fanout(null, null, null, null, null);
    Shard shard = new Shard(fanout, null);
    assertThat(shard.holdsSubscribers()).isFalse();

    Subscriber a = new RecordingSubscriber(shard), b = new RecordingSubscriber(shard);
    shard.index(a, List.of()); // connected, not subscribed to any zone yet (WebSocket before its first subscribe)
    assertThat(shard.holdsSubscribers()).isFalse();
    shard.index(a, List.of("UA63", "UA6312"));
    shard.index(b, List.of("UA63"));
    assertThat(shard.holdsSubscribers()).isTrue();

    shard.index(a, List.of()); // unsubscribed from everything
    assertThat(shard.holdsSubscribers()).isTrue();
    b.gone();
    assertThat(shard.holdsSubscribers()).isFalse();

    shard.index(a, List.of("UA6312"));
    assertThat(shard.holdsSubscribers()).isTrue();
    a.close("bye");
    assertThat(shard.holdsSubscribers()).isFalse();
  }
}
