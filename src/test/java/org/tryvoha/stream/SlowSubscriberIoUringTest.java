package org.tryvoha.stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The slow-subscriber rules on io_uring, where a flushed write stays counted as waiting until its
 * completion comes back in a later loop round: a healthy reader of ~26 kB events with a 4 KiB queue
 * must not be taken for a slow one (it was, when the check ran right after the flush).
 */
class SlowSubscriberIoUringTest extends SlowSubscriberTest {
  @BeforeEach
  void ioUring() {
    assumeTrue(Transport.IO_URING.available(), () -> "io_uring is not available here: " + Transport.IO_URING.unavailabilityCause());
  }

  @Override
  Map<String, String> settings() {
    return Map.of("TRYVOHA_SUBSCRIBER_QUEUE_BYTES", "4096", "TRYVOHA_TRANSPORT", "io_uring");
  }
}
