package org.tryvoha.archfixture.cap;

import org.tryvoha.archfixture.server.App;

/** A feature's settings; the feature reaches up into the composition root (forbidden). */
public final class CapSettings {
    public String name(App app) {
        return app.name();
    }
}
