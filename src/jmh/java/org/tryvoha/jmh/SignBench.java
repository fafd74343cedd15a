package org.tryvoha.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tryvoha.Json;
import org.tryvoha.alert.Alert;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.alert.AlertStatus;
import org.tryvoha.alert.AlertType;
import org.tryvoha.alert.EventKind;
import org.tryvoha.signing.EventSigner;

/** issue 4: the signed JSON of one event (canonical form + Ed25519), made once per event for every channel. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignBench {
  EventSigner signer;
  AlertEvent oblast;

  @Setup
  public void setup() {
    signer = EventSigner.ephemeral();
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    Alert a = new Alert("6993d544-1c9e-4b6f-9a57-0d3c8e2f1a11", AlertType.AIR_RAID, AlertStatus.ACTUAL, List.of("UA63000000000041885"),
        null, Map.of("uk", "Повітряна тривога! Прямуйте в укриття.", "en", "Air raid alert! Go to a shelter."), "admin", t, null, t,
        null, true);
    oblast = new AlertEvent(42, EventKind.ISSUED, t, a, List.of());
  }

  /** What the first channel pays per event (signer.json caches it for the others). */
  @Benchmark
  public String signedJson() throws JsonProcessingException {
    return Json.MAPPER.writeValueAsString(signer.node(oblast));
  }

  /** The unsigned JSON, for comparison. */
  @Benchmark
  public String unsignedJson() throws JsonProcessingException {
    return Json.MAPPER.writeValueAsString(new org.tryvoha.stream.EncodedEvent.Wire("event", oblast.seq(), oblast.kind(), oblast.at(),
        oblast.alert(), oblast.previousZones()));
  }
}
