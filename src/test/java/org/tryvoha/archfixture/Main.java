package org.tryvoha.archfixture;

import org.tryvoha.archfixture.server.App;

/** Stands for the entry point in the root package; {@link App} uses it back. */
public final class Main {
    public static String version() {
        return "0";
    }

    public static void main(String[] args) {
        System.out.println(new App().version());
    }
}
