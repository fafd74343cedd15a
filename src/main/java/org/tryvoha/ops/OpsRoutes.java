package org.tryvoha.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.tryvoha.alert.AlertGate;
import org.tryvoha.audit.AuditLog;
import org.tryvoha.auth.Operators;
import org.tryvoha.zone.ZoneTree;

/** The audit recorder (before every other route), and the operator, approval, audit and whoami endpoints. */
public final class OpsRoutes {
    private OpsRoutes() {}

    public static void mount(
            Router r,
            Vertx vertx,
            Operators operators,
            AlertGate gate,
            AuditLog audit,
            ZoneTree tree,
            BodyHandler body) {
        r.route("/api/v1/*").handler(new AuditRecorder(vertx, audit)::handle);
        OperatorAdminRoutes ops = new OperatorAdminRoutes(vertx, operators, tree, gate);
        r.get("/api/v1/whoami").handler(ops::whoami);
        r.route(HttpMethod.POST, "/api/v1/operators").handler(body).handler(ops::create);
        r.get("/api/v1/operators").handler(ops::list);
        r.route(HttpMethod.PATCH, "/api/v1/operators/:id").handler(body).handler(ops::change);
        r.route(HttpMethod.POST, "/api/v1/operators/:id/revoke").handler(body).handler(ops::revoke);
        ApprovalRoutes approvals = new ApprovalRoutes(vertx, operators, gate);
        r.get("/api/v1/approvals").handler(approvals::list);
        r.get("/api/v1/approvals/:id").handler(approvals::get);
        r.route(HttpMethod.POST, "/api/v1/approvals/:id/approve").handler(body).handler(approvals::approve);
        r.route(HttpMethod.POST, "/api/v1/approvals/:id/reject").handler(body).handler(approvals::reject);
        AuditRoutes auditRoutes = new AuditRoutes(vertx, operators, audit);
        r.get("/api/v1/audit").handler(auditRoutes::list);
        r.get("/api/v1/audit/verify").handler(auditRoutes::verify);
    }
}
