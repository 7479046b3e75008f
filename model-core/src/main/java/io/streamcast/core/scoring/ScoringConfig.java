package io.streamcast.core.scoring;

import java.util.ArrayList;
import java.util.List;

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
 * @param rangeMargin when set, a target value beyond the range of the key's values older than its
 *     window by more than this fraction of that range (and by more than the key's error scale, so
 *     that noise setting a new record does not count) is anomalous whatever the forecast error (a
 *     new extreme, also one reached in small steps); null or 0 turns the rule off
 * @param seasonEvents when set, the seasonal channel is on: each target is also compared with its
 *     value this many events earlier (one season; see {@link SeasonLength}), that residual gets its
 *     own anomaly likelihood, and the key's likelihood is the higher of the two; null turns it off
 * @param seasonDrift events by which a season's values may come early or late: a value far (beyond
 *     {@link StreamScorer#SEASON_DRIFT_GATE} seasonal scales) from its value one season ago is
 *     compared instead with the closest of its values {@code seasonEvents ± seasonDrift} events
 *     ago, so that a narrow daily peak whose timing drifts (a job that runs a few minutes early or
 *     late) is no surprise; 0 compares with exactly one season ago ({@link SeasonLength#drift}
 *     suggests a value)
 * @param stuckEvents when set, a key whose target values repeat exactly for this many events in a
 *     row is stuck (a frozen sensor, a feed repeating its last price): those events are anomalous;
 *     for streams whose values vary with every event; null turns it off
 * @param adaptToExcursions whether the anomaly likelihood's statistics take in a key's large error
 *     excursions in full ({@link AnomalyLikelihood}): a key whose large excursions recur (spiky
 *     cloud metrics) then alerts on them less often, but an incident also dulls the key's next one
 *     for about a history window; off, an excursion counts as at most 4σ of the average's spread
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
        int seasonDrift,
        Integer stuckEvents,
        boolean adaptToExcursions) implements java.io.Serializable {

    public static ScoringConfig defaults() {
        return builder().build();
    }

    /**
     * What makes this configuration unusable, each problem naming its setting (without a prefix:
     * the job says {@code scoring.x}, a command line its option); empty when it is usable.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (alertThreshold != null && !(alertThreshold > 0 && alertThreshold < 1)) {
            p.add("alertThreshold must lie in (0, 1), is " + alertThreshold);
        }
        if (averagingWindow != null && averagingWindow < 1) {
            p.add("averagingWindow must be null (the bundle's) or at least 1 event, is " + averagingWindow);
        }
        if (historyWindow != null && historyWindow < Math.max(2, averagingWindow == null ? 1 : averagingWindow)) {
            p.add("historyWindow must be null (the bundle's) or at least 2 events and the averagingWindow, is " + historyWindow);
        }
        if (exceedanceWindow < 1 || exceedanceWindow > 64 || minExceedances < 1 || minExceedances > exceedanceWindow) {
            p.add("minExceedances and exceedanceWindow need 1 <= minExceedances <= exceedanceWindow <= 64, are "
                    + minExceedances + " and " + exceedanceWindow);
        }
        if (quietEvents < 0) {
            p.add("quietEvents must not be negative, is " + quietEvents);
        }
        if (gapFactor != 0 && !(gapFactor > 1 && Double.isFinite(gapFactor))) {
            p.add("gapFactor must be 0 (off) or greater than 1, is " + gapFactor);
        }
        if (warmupEvents != null && warmupEvents < 0) {
            p.add("warmupEvents must be null (the model's window) or not negative, is " + warmupEvents);
        }
        if (!(failureProbability > 0 && failureProbability <= 1)) {
            p.add("failureProbability must lie in (0, 1], is " + failureProbability);
        }
        if (!(rulThreshold >= 0 && Double.isFinite(rulThreshold))) {
            p.add("rulThreshold must be a number of steps, not negative, is " + rulThreshold);
        }
        if (rangeMargin != null && !(rangeMargin >= 0 && Double.isFinite(rangeMargin))) {
            p.add("rangeMargin must be null (off) or a fraction of the range, not negative, is " + rangeMargin);
        }
        if (seasonEvents != null && (seasonEvents < 2 || seasonEvents > 100_000)) {
            p.add("seasonEvents must be null (off) or between 2 and 100000 events, is " + seasonEvents);
        }
        if (seasonDrift < 0 || seasonDrift > 0 && (seasonEvents == null || seasonDrift >= seasonEvents)) {
            p.add("seasonDrift must be 0 (exact) or a number of events below seasonEvents (which it needs), is " + seasonDrift);
        }
        if (stuckEvents != null && stuckEvents < 2) {
            p.add("stuckEvents must be null (off) or at least 2 events, is " + stuckEvents);
        }
        return p;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.alertThreshold = alertThreshold;
        b.averagingWindow = averagingWindow;
        b.historyWindow = historyWindow;
        b.minExceedances = minExceedances;
        b.exceedanceWindow = exceedanceWindow;
        b.quietEvents = quietEvents;
        b.gapFactor = gapFactor;
        b.warmupEvents = warmupEvents;
        b.failureProbability = failureProbability;
        b.rulThreshold = rulThreshold;
        b.rangeMargin = rangeMargin;
        b.seasonEvents = seasonEvents;
        b.seasonDrift = seasonDrift;
        b.stuckEvents = stuckEvents;
        b.adaptToExcursions = adaptToExcursions;
        return b;
    }

    public ScoringConfig withGapFactor(double factor) {
        return toBuilder().gapFactor(factor).build();
    }

    public ScoringConfig withWarmupEvents(Integer events) {
        return toBuilder().warmupEvents(events).build();
    }

    /** Settings by name, starting from the defaults (the job's {@code default-config.yaml} has the same). */
    public static final class Builder {
        private Builder() {
        }

        private Double alertThreshold;
        private Integer averagingWindow;
        private Integer historyWindow;
        private int minExceedances = 1;
        private int exceedanceWindow = 1;
        private int quietEvents = 50;
        private double gapFactor = 10.0;
        private Integer warmupEvents;
        private double failureProbability = 0.5;
        private double rulThreshold = 30.0;
        private Double rangeMargin;
        private Integer seasonEvents;
        private int seasonDrift;
        private Integer stuckEvents;
        private boolean adaptToExcursions;

        public Builder alertThreshold(Double v) {
            alertThreshold = v;
            return this;
        }

        public Builder averagingWindow(Integer v) {
            averagingWindow = v;
            return this;
        }

        public Builder historyWindow(Integer v) {
            historyWindow = v;
            return this;
        }

        /** M of N exceeding events to alert, then {@code quiet} events without another alert. */
        public Builder suppression(int m, int n, int quiet) {
            minExceedances = m;
            exceedanceWindow = n;
            quietEvents = quiet;
            return this;
        }

        public Builder gapFactor(double v) {
            gapFactor = v;
            return this;
        }

        public Builder warmupEvents(Integer v) {
            warmupEvents = v;
            return this;
        }

        public Builder rangeMargin(Double v) {
            rangeMargin = v;
            return this;
        }

        public Builder seasonEvents(Integer v) {
            seasonEvents = v;
            return this;
        }

        public Builder seasonDrift(int v) {
            seasonDrift = v;
            return this;
        }

        public Builder stuckEvents(Integer v) {
            stuckEvents = v;
            return this;
        }

        public Builder adaptToExcursions(boolean v) {
            adaptToExcursions = v;
            return this;
        }

        public ScoringConfig build() {
            return new ScoringConfig(alertThreshold, averagingWindow, historyWindow, minExceedances, exceedanceWindow,
                    quietEvents, gapFactor, warmupEvents, failureProbability, rulThreshold, rangeMargin, seasonEvents,
                    seasonDrift, stuckEvents, adaptToExcursions);
        }
    }
}
