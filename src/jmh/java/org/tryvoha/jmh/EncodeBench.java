package org.tryvoha.jmh;

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
import org.tryvoha.alert.Alert;
import org.tryvoha.alert.AlertEvent;
import org.tryvoha.alert.AlertStatus;
import org.tryvoha.alert.AlertType;
import org.tryvoha.alert.EventKind;
import org.tryvoha.stream.EncodedEvent;
import org.tryvoha.stream.ZoneReach;
import org.tryvoha.zone.ShelterConfig;
import org.tryvoha.zone.ZoneTree;

/** Serialising one event for every wire format (once per event, whatever the number of subscribers). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeBench {
  ZoneReach reach;
  AlertEvent oblast;

  @Setup
  public void setup() {
    reach = new ZoneReach(ZoneTree.loadDefault(ShelterConfig.defaults()));
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    Alert a = new Alert("6993d544-1c9e-4b6f-9a57-0d3c8e2f1a11", AlertType.AIR_RAID, AlertStatus.ACTUAL, List.of("UA63000000000041885"),
        null, Map.of("uk", "Повітряна тривога! Прямуйте в укриття.", "en", "Air raid alert! Go to a shelter."), "admin", t, null, t,
        null, true);
    oblast = new AlertEvent(42, EventKind.ISSUED, t, a, List.of());
  }

  @Benchmark
  public EncodedEvent encodeOblastAlert() {
    return EncodedEvent.of(oblast, reach);
  }
}
