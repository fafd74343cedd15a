package org.tryvoha.server;

import org.tryvoha.alert.AlertGate;
import org.tryvoha.alert.AlertService;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Keys;
import org.tryvoha.auth.Operators;
import org.tryvoha.signing.EventSigner;
import org.tryvoha.store.AlertStore;
import org.tryvoha.zone.ZoneReach;
import org.tryvoha.zone.ZoneTree;

/** The parts CAP and the operator routes still take as one record (being replaced by their own parameters). */
public record Services(
    ZoneTree tree, ZoneReach reach, AlertStore store, AlertService service, Keys keys, Operators operators, AlertGate gate,
    AuditLog audit, EventSigner signer) {}
