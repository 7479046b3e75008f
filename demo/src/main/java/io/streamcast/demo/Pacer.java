package io.streamcast.demo;

import java.util.concurrent.locks.LockSupport;

/** Spaces calls to a target rate per second (sleeping in small slices, catching up after stalls). */
final class Pacer {
    private final double perSecond;
    private final long start = System.nanoTime();
    private long count;

    Pacer(double perSecond) {
        this.perSecond = perSecond;
    }

    void await() {
        long due = start + (long) (count++ * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
