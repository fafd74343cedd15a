package org.tryvoha.stream;

import org.tryvoha.error.ErrorCode;
import org.tryvoha.error.ProblemException;

/**
 * The opt-in to drills: exercise and test alerts reach only a subscriber (or a zone-status request)
 * that asks for them with {@code drills=true}; by default they are invisible, so a drill can never be
 * taken for a real alert.
 */
public final class Drills {
    private Drills() {}

    /** {@code true} or {@code false}; absent means false; anything else is a 400 naming the parameter. */
    public static boolean param(String value, String name) {
        if (value == null || value.isBlank() || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, name + " must be true or false, got '" + value + "'");
    }
}
