package io.streamcast.job;

import io.streamcast.core.event.InputEvent;
import java.util.Arrays;

/**
 * One key's event-time bookkeeping, kept in a single Flink value state so that an event costs two
 * state reads and two writes: the events waiting for the watermark (sorted by time, at most one
 * per timestamp), the newest event time that arrived (for the lateness rule), and when the key's
 * idle timer is due ({@link #NONE} if not armed). Immutable: the heap state backend may snapshot
 * an instance while the next one is being built.
 */
public record PendingEvents(long newest, long expiryDue, InputEvent[] events) {
    public static final long NONE = Long.MIN_VALUE;
    public static final PendingEvents EMPTY = new PendingEvents(NONE, NONE, new InputEvent[0]);

    public boolean holds(long ts) {
        return indexOf(ts) >= 0;
    }

    /** The buffered event at {@code ts}, or null. */
    public InputEvent at(long ts) {
        int i = indexOf(ts);
        return i >= 0 ? events[i] : null;
    }

    /** With {@code e} buffered (its timestamp must not be buffered yet). */
    public PendingEvents with(InputEvent e) {
        int i = -indexOf(e.ts()) - 1;
        InputEvent[] next = new InputEvent[events.length + 1];
        System.arraycopy(events, 0, next, 0, i);
        next[i] = e;
        System.arraycopy(events, i, next, i + 1, events.length - i);
        return new PendingEvents(Math.max(newest, e.ts()), expiryDue, next);
    }

    /** Without the event at {@code ts} (unchanged if there is none). */
    public PendingEvents without(long ts) {
        int i = indexOf(ts);
        if (i < 0) {
            return this;
        }
        InputEvent[] next = new InputEvent[events.length - 1];
        System.arraycopy(events, 0, next, 0, i);
        System.arraycopy(events, i + 1, next, i, next.length - i);
        return new PendingEvents(newest, expiryDue, next);
    }

    public PendingEvents withExpiryDue(long due) {
        return new PendingEvents(newest, due, events);
    }

    /** Binary search by timestamp: the index, or {@code -(insertion point) - 1}. */
    private int indexOf(long ts) {
        int lo = 0;
        int hi = events.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long t = events[mid].ts();
            if (t < ts) {
                lo = mid + 1;
            } else if (t > ts) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingEvents p && p.newest == newest && p.expiryDue == expiryDue && Arrays.equals(p.events, events);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(newest) * 31 + Arrays.hashCode(events);
    }

    @Override
    public String toString() {
        return "PendingEvents[newest=" + newest + ", expiryDue=" + expiryDue + ", events=" + Arrays.toString(events) + "]";
    }
}
