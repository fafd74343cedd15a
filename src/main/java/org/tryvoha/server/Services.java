package org.tryvoha.server;

import org.tryvoha.alert.AlertService;
import org.tryvoha.state.ZoneState;
import org.tryvoha.auth.Keys;
import org.tryvoha.cap.Cap;
import org.tryvoha.config.Config;
import org.tryvoha.shelter.ShelterIndex;
import org.tryvoha.store.AlertStore;
import org.tryvoha.stream.Fanout;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/** The parts one server is wired from (see {@link App}); shared by every event loop. */
public record Services(
    Config config, ZoneTree tree, ZoneReach reach, ZoneState state, AlertStore store, AlertService service, Keys keys, Fanout fanout,
    Cap cap, ShelterIndex shelters, org.tryvoha.delivery.mqtt.MqttDelivery mqtt, org.tryvoha.track.TrackFeed tracks,
    org.tryvoha.auth.Operators operators, org.tryvoha.alert.AlertGate gate, org.tryvoha.audit.AuditLog audit,
    org.tryvoha.history.Statistics stats,
    org.tryvoha.delivery.webhook.Webhooks webhooks, org.tryvoha.delivery.webpush.WebPush push,
    org.tryvoha.signing.EventSigner signer, org.tryvoha.security.Guard guard) {}
