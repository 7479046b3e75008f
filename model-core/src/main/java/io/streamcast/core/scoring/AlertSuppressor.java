package io.streamcast.core.scoring;

/**
 * One alert per incident: fires when at least {@code minExceedances} of the last {@code window}
 * events exceeded the threshold, and not again until {@code quietEvents} events have passed
 * since the previous alert. Its per-key memory is two numbers in {@link KeyState}.
 */
public final class AlertSuppressor {
    private final int minExceedances;
    private final int window;
    private final int quietEvents;
    private final long mask;

    public AlertSuppressor(int minExceedances, int window, int quietEvents) {
        if (window < 1 || window > 64 || minExceedances < 1 || minExceedances > window || quietEvents < 0) {
            throw new IllegalArgumentException("need 1 <= minExceedances <= window <= 64 and quietEvents >= 0");
        }
        this.minExceedances = minExceedances;
        this.window = window;
        this.quietEvents = quietEvents;
        this.mask = window == 64 ? -1L : (1L << window) - 1;
    }

    /** Records whether this event exceeded the threshold; true when an alert must be raised now. */
    public boolean offer(KeyState s, boolean exceeded) {
        s.exceedances = ((s.exceedances << 1) | (exceeded ? 1 : 0)) & mask;
        if (s.eventsSinceAlert < Integer.MAX_VALUE) {
            s.eventsSinceAlert++;
        }
        if (exceeded && Long.bitCount(s.exceedances) >= minExceedances && s.eventsSinceAlert > quietEvents) {
            s.eventsSinceAlert = 0;
            s.exceedances = 0;
            return true;
        }
        return false;
    }

    public int window() {
        return window;
    }
}
