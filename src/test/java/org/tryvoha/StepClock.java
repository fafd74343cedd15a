package org.tryvoha;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that moves only when the test moves it. Thread-safe. */
public final class StepClock extends Clock {
    private volatile Instant now;

    public StepClock(Instant start) {
        now = start;
    }

    public void set(Instant t) {
        now = t;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
