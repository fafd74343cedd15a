package org.tryvoha.server;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tryvoha.event.AlertEvent;
import org.tryvoha.event.EncodedEvent;
import org.tryvoha.feature.Feature;
import org.tryvoha.state.ZoneState;
import org.tryvoha.stream.Fanout;

/**
 * What this node does with each committed event the bus brings, in sequence order: the zone state
 * applies it, the fan-out signs and encodes it once and queues it to the stream subscribers, then
 * every feature hears of it in the composition root's order. A feature that throws is logged and
 * does not keep the event from the others.
 */
final class EventDispatcher implements Consumer<AlertEvent> {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final ZoneState state;
    private final Fanout fanout;
    private final List<Feature> features;

    EventDispatcher(ZoneState state, Fanout fanout, List<Feature> features) {
        this.state = state;
        this.fanout = fanout;
        this.features = List.copyOf(features);
    }

    @Override
    public void accept(AlertEvent e) {
        state.apply(e);
        EncodedEvent encoded = fanout.deliver(e);
        for (Feature f : features) {
            try {
                f.onEvent(encoded);
            } catch (RuntimeException ex) {
                log.error("{} failed on event {}", f.getClass().getSimpleName(), e.seq(), ex);
            }
        }
    }
}
