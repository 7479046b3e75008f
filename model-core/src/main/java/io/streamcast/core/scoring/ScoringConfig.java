package io.streamcast.core.scoring;

/**
 * How events become alerts. Fields left null take the model bundle's calibration.
 *
 * @param alertThreshold anomaly likelihood at or above which an event counts as exceeding
 * @param averagingWindow events in the short average of raw scores
 * @param historyWindow events in the rolling distribution of that average
 * @param minExceedances exceeding events needed within {@code exceedanceWindow} to alert (M of N)
 * @param exceedanceWindow the N of M-of-N (at most 64)
 * @param quietEvents after an alert, events during which the key raises no further alert
 * @param gapFactor a gap longer than this multiple of the key's usual interval resets the key
 *     (recurrent state zeroed, warm-up restarted); 0 turns gap handling off
 * @param warmupEvents steps before a key's forecasts count (null: the model's window length)
 * @param failureProbability FAILURE_RISK alert when a classifier's failure class reaches this
 * @param rulThreshold FAILURE_RISK alert when a regressor's remaining useful life falls to this
 * @param rangeMargin when set, a target value beyond the range the key has shown so far by more
 *     than this fraction of that range counts as anomalous whatever the forecast error (a new
 *     extreme); null or 0 turns the rule off
 * @param seasonEvents when set, the seasonal channel is on: each target is also compared with its
 *     value this many events earlier (one season; see {@link SeasonLength}), that residual gets its
 *     own anomaly likelihood, and the key's likelihood is the higher of the two; null turns it off
 * @param stuckEvents when set, a key whose target values repeat exactly for this many events in a
 *     row is stuck (a frozen sensor, a feed repeating its last price): those events are anomalous;
 *     for streams whose values vary with every event; null turns it off
 *
 * <p>{@code Serializable} only because Flink ships operator configuration that way; streamcast
 * itself never serialises it (the job reads it from YAML).
 */
public record ScoringConfig(
        Double alertThreshold,
        Integer averagingWindow,
        Integer historyWindow,
        int minExceedances,
        int exceedanceWindow,
        int quietEvents,
        double gapFactor,
        Integer warmupEvents,
        double failureProbability,
        double rulThreshold,
        Double rangeMargin,
        Integer seasonEvents,
        Integer stuckEvents) implements java.io.Serializable {

    public static ScoringConfig defaults() {
        return new ScoringConfig(null, null, null, 1, 1, 50, 10.0, null, 0.5, 30.0, null, null, null);
    }

    public ScoringConfig withAlertThreshold(Double threshold) {
        return new ScoringConfig(threshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, rangeMargin, seasonEvents, stuckEvents);
    }

    public ScoringConfig withSuppression(int minExceedances, int exceedanceWindow, int quietEvents) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, rangeMargin, seasonEvents, stuckEvents);
    }

    public ScoringConfig withGapFactor(double factor) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, factor, warmupEvents, failureProbability, rulThreshold, rangeMargin, seasonEvents, stuckEvents);
    }

    public ScoringConfig withRangeMargin(Double margin) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, margin, seasonEvents, stuckEvents);
    }

    public ScoringConfig withWarmupEvents(Integer events) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, events, failureProbability, rulThreshold, rangeMargin, seasonEvents, stuckEvents);
    }

    public ScoringConfig withSeasonEvents(Integer events) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, rangeMargin, events, stuckEvents);
    }

    public ScoringConfig withStuckEvents(Integer events) {
        return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, rangeMargin, seasonEvents, events);
    }
}
