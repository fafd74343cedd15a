package org.tryvoha.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;
import org.tryvoha.error.ProblemException.FieldError;
import org.tryvoha.event.AlertType;
import org.tryvoha.zone.Zone;
import org.tryvoha.zone.ZoneTree;

/** Role and scope checks; each refusal is a 403 that says what is missing. */
public final class Access {
    private Access() {}

    /** 403 unless {@code p} has role {@code min} or higher; {@code what} reads like "raise alerts". */
    public static void requireRole(Principal p, Role min, String what) {
        if (!p.role().atLeast(min)) {
            throw new ProblemException(
                    ErrorCode.FORBIDDEN,
                    "operator '" + p.name() + "' has role " + p.role().wire() + "; to " + what + " the role "
                            + min.wire() + " or higher is needed (ask an admin: tryvoha operators change)");
        }
    }

    /** 403 naming every zone and type outside {@code p}'s scope. */
    public static void requireScope(
            Principal p, String what, Collection<String> zones, Collection<AlertType> types, ZoneTree tree) {
        List<String> outZones = p.scope().zonesOutside(zones, tree);
        List<AlertType> outTypes = p.scope().typesOutside(types);
        if (outZones.isEmpty() && outTypes.isEmpty()) return;
        List<FieldError> errs = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (String id : outZones) {
            String n = tree.get(id).map(Access::name).orElse(id);
            named.add(n);
            errs.add(new FieldError("zones", "outside your scope: " + n));
        }
        for (AlertType t : outTypes) errs.add(new FieldError("type", "outside your scope: " + t.wire()));
        StringBuilder sb = new StringBuilder("operator '" + p.name() + "' may not " + what + " outside its scope:");
        if (!outZones.isEmpty())
            sb.append(" zones ").append(String.join(", ", named)).append(';');
        if (!outTypes.isEmpty())
            sb.append(" types ")
                    .append(String.join(
                            ", ", outTypes.stream().map(AlertType::wire).toList()))
                    .append(';');
        sb.append(" its scope is zones ")
                .append(p.scope().zonesText())
                .append(", types ")
                .append(p.scope().typesText());
        throw new ProblemException(ErrorCode.FORBIDDEN, sb.toString(), errs);
    }

    static String name(Zone z) {
        return z.id() + " (" + z.nameUk() + " / " + z.nameEn() + ")";
    }
}
