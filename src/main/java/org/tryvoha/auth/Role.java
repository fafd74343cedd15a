package org.tryvoha.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an operator may do. Each role may do everything the roles before it may: a viewer reads the
 * operator endpoints (pending approvals, whoami); an operator raises, updates and cancels alerts in
 * its scope; an approver also approves or rejects another operator's held alert in its scope; an
 * admin also manages operators and reads the audit log.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    APPROVER,
    ADMIN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role r) {
        return ordinal() >= r.ordinal();
    }

    /** Parses a wire name; throws IllegalArgumentException naming the allowed values. */
    public static Role parse(String s) {
        for (Role r : values()) if (r.wire().equals(s)) return r;
        throw new IllegalArgumentException("unknown role '" + s + "'; one of: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", "));
    }
}
