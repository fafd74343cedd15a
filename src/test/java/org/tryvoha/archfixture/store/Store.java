package org.tryvoha.archfixture.store;

/** Stands for the store; it knows nothing above it. */
public final class Store {
    public long lastSeq() {
        return 0;
    }
}
