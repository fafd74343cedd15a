package org.tryvoha.auth;

/**
 * Who made a request, as authenticated: a named operator, or a key from {@code tryvoha keys}
 * (admin, whole country).
 *
 * @param id the operator's or key's public id (in audit entries and approvals)
 */
public record Principal(String id, String name, Role role, Scope scope) {}
