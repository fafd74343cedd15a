package org.tryvoha.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Test access to the verify command's CAP reading. */
public final class VerifyAccess {
    private VerifyAccess() {}

    public static JsonNode fromCap(byte[] xml) throws Exception {
        return VerifyCommand.fromCap(xml);
    }
}
