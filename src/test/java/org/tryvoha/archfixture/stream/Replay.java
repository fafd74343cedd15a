package org.tryvoha.archfixture.stream;

import org.tryvoha.archfixture.store.Store;

/** The forbidden arrow stream → store: replays from the store instead of the event log port. */
public final class Replay {
    public long from(Store store) {
        return store.lastSeq();
    }
}
