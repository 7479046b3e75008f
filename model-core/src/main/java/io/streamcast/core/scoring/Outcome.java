package io.streamcast.core.scoring;

import io.streamcast.core.event.Alert;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.event.Rejection;

/**
 * What scoring one event produced: a forecast and possibly an alert, or a rejection.
 *
 * @param gapReset the event came after a gap and the key was reset before it was scored
 * @param rewarmed the key's state came from an incompatible model and was rebuilt from its window
 */
public record Outcome(Forecast forecast, Alert alert, Rejection rejection, boolean gapReset, boolean rewarmed) {
    static Outcome rejected(Rejection r) {
        return new Outcome(null, null, r, false, false);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
