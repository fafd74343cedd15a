package org.tryvoha.archfixture.config;

import org.tryvoha.archfixture.cap.CapSettings;

/** The forbidden arrow config → feature: the configuration holds a feature's type. */
public final class Config {
    public CapSettings cap() {
        return new CapSettings();
    }
}
