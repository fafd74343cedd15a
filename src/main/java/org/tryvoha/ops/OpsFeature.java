package org.tryvoha.ops;

import org.tryvoha.alert.AlertGate;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Operators;
import org.tryvoha.feature.Feature;
import org.tryvoha.feature.Routes;
import org.tryvoha.zone.ZoneTree;

/**
 * Operations: the audit recorder (mounted right after the guard, so it sees every request), then
 * operators, approvals of held alerts, the audit log and whoami.
 */
public final class OpsFeature implements Feature {
    private final Operators operators;
    private final AlertGate gate;
    private final AuditLog audit;
    private final ZoneTree tree;

    public OpsFeature(Operators operators, AlertGate gate, AuditLog audit, ZoneTree tree) {
        this.operators = operators;
        this.gate = gate;
        this.audit = audit;
        this.tree = tree;
    }

    @Override
    public void mount(Routes routes) {
        OpsRoutes.mount(routes.router(), routes.vertx(), operators, gate, audit, tree, routes.body());
    }
}
