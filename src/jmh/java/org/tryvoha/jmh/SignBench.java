package org.tryvoha.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.json.Json;
import org.tryvoha.signing.EventSigner;

/** The signed JSON of one event (canonical form + Ed25519), made once per event for every channel. */
public class SignBench extends MicroBench {
    EventSigner signer;
    AlertEvent oblast;

    @Setup
    public void setup() {
        signer = EventSigner.ephemeral();
        oblast = Fixtures.oblastAlert();
    }

    /** What the first channel pays per event (signer.json caches it for the others). */
    @Benchmark
    public String signedJson() throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(signer.node(oblast));
    }

    /** The unsigned JSON, for comparison. */
    @Benchmark
    public String unsignedJson() throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(new EncodedEvent.Wire(
                "event", oblast.seq(), oblast.kind(), oblast.at(), oblast.alert(), oblast.previousZones()));
    }
}
