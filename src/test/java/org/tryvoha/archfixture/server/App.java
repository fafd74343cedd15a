package org.tryvoha.archfixture.server;

import org.tryvoha.archfixture.Main;

/** Stands for the composition root; it uses the root package's Main back (a cycle through the root). */
public final class App {
    public String name() {
        return "fixture";
    }

    public String version() {
        return Main.version();
    }
}
