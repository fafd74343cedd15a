package org.tryvoha.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.zone.ZoneReach;

/** Serialising one event for every wire format (once per event, whatever the number of subscribers). */
public class EncodeBench extends MicroBench {
    ZoneReach reach;
    AlertEvent oblast;

    @Setup
    public void setup() {
        reach = new ZoneReach(Fixtures.ukraine());
        oblast = Fixtures.oblastAlert();
    }

    @Benchmark
    public EncodedEvent encodeOblastAlert() {
        return EncodedEvent.of(oblast, reach);
    }
}
