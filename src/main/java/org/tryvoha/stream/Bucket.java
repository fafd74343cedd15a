package org.tryvoha.stream;

import java.util.Arrays;

/**
 * The subscribers of one shard anchored at one zone: an array with swap-remove, so joining and
 * leaving are O(1) (a reconnect storm of 19,000 in one zone stays linear). Each subscriber keeps its
 * slot in every bucket it is in. Confined to the shard's event loop; never changed while iterated
 * ({@link Shard} defers removals during a delivery).
 */
final class Bucket {
    Subscriber[] subs = new Subscriber[4];
    int size;

    /** Adds {@code s}, whose {@code k}-th anchor is this bucket's zone. */
    void add(Subscriber s, int k) {
        if (size == subs.length) subs = Arrays.copyOf(subs, size * 2);
        s.buckets[k] = this;
        s.slots[k] = size;
        subs[size++] = s;
    }

    /** Removes {@code s} (its {@code k}-th anchor is this bucket's zone), moving the last one into its slot. */
    void remove(Subscriber s, int k) {
        int i = s.slots[k];
        Subscriber last = subs[--size];
        subs[i] = last;
        subs[size] = null;
        if (last != s) last.slots[last.slotOf(this)] = i;
        s.buckets[k] = null;
        if (size < subs.length / 4 && subs.length > 16) subs = Arrays.copyOf(subs, subs.length / 2);
    }
}
