package io.streamcast.job;

import java.util.Arrays;

/**
 * One key's event-time bookkeeping, in one Flink value state: the events waiting for the
 * watermark (sorted by time, at most one per timestamp), the newest event time that arrived (for
 * the lateness rule), and when the key's idle timer is due ({@link #NONE} if not armed).
 *
 * <p>Events arrive mostly in order and leave oldest first, so they sit in an
 * array window {@code [head, head + size)}: appending and taking the oldest are O(1), however
 * many events a key holds within the out-of-orderness bound. Mutable: the heap state backend
 * copies it (through its serializer) when a snapshot still needs the old value.
 */
public final class PendingEvents {
    public static final long NONE = Long.MIN_VALUE;

    private long newest = NONE;
    private long expiryDue = NONE;
    private SourcedEvent[] buf;
    private int head;
    private int size;

    public PendingEvents() {
        this(NONE, NONE, new SourcedEvent[0]);
    }

    /** From sorted events (a restored or copied state). */
    public PendingEvents(long newest, long expiryDue, SourcedEvent[] sorted) {
        this.newest = newest;
        this.expiryDue = expiryDue;
        this.buf = Arrays.copyOf(sorted, Math.max(4, sorted.length));
        this.size = sorted.length;
    }

    public long newest() {
        return newest;
    }

    public long expiryDue() {
        return expiryDue;
    }

    public void expiryDue(long due) {
        expiryDue = due;
    }

    public int size() {
        return size;
    }

    /** The buffered events, oldest first (a copy). */
    public SourcedEvent[] events() {
        return Arrays.copyOfRange(buf, head, head + size);
    }

    /** The oldest buffered event's time, or {@link #NONE}. */
    public long earliest() {
        return size == 0 ? NONE : buf[head].ts();
    }

    /** Removes and returns the oldest buffered event. */
    public SourcedEvent pollEarliest() {
        SourcedEvent e = buf[head];
        buf[head++] = null;
        if (--size == 0) {
            head = 0;
        }
        return e;
    }

    public boolean holds(long ts) {
        return indexOf(ts) >= 0;
    }

    /** Buffers {@code e} (its timestamp must not be buffered yet). */
    public void add(SourcedEvent e) {
        newest = Math.max(newest, e.ts());
        if (head + size == buf.length) {
            if (size < buf.length / 2) {
                System.arraycopy(buf, head, buf, 0, size); // room at the front: slide back
                Arrays.fill(buf, size, head + size, null);
            } else {
                SourcedEvent[] grown = new SourcedEvent[buf.length * 2];
                System.arraycopy(buf, head, grown, 0, size);
                buf = grown;
            }
            head = 0;
        }
        int end = head + size;
        int at = size == 0 || buf[end - 1].ts() < e.ts() ? end : -indexOf(e.ts()) - 1;
        System.arraycopy(buf, at, buf, at + 1, end - at);
        buf[at] = e;
        size++;
    }

    public PendingEvents copy() {
        return new PendingEvents(newest, expiryDue, events());
    }

    /** Binary search by timestamp in the window: the array index, or {@code -(insertion index) - 1}. */
    private int indexOf(long ts) {
        int lo = head;
        int hi = head + size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long t = buf[mid].ts();
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
        return o instanceof PendingEvents p && p.newest == newest && p.expiryDue == expiryDue
                && Arrays.equals(p.events(), events());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(newest) * 31 + Arrays.hashCode(events());
    }

    @Override
    public String toString() {
        return "PendingEvents[newest=" + newest + ", expiryDue=" + expiryDue + ", events=" + Arrays.toString(events()) + "]";
    }
}
