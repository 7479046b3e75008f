package io.streamcast.core.scoring;

import io.streamcast.core.nn.NetworkState;

/**
 * Everything the scorer remembers about one key between its events: the recurrent state of every
 * layer, the last {@code windowLength} raw observations, the forecast made for the next event,
 * the likelihood statistics (and the seasonal channel's), event-time bookkeeping and alert suppression. The Flink job keeps
 * one per key in keyed state; evaluation keeps one per file. {@link KeyStateCodec} encodes it.
 */
public final class KeyState {
    /** Label ("id:version") of the model this state was built with. */
    String model;
    NetworkState network;
    RawWindow window;
    /** One-step forecast per target, made at the previous event; null when there is none. */
    double[] expected;
    LikelihoodState likelihood;
    long lastTs = Long.MIN_VALUE;
    /**
     * Exponentially weighted mean of ln(gap between events in ms), NaN until two events were seen.
     * In log space one long outage barely moves it, yet a lasting change of cadence is learnt.
     */
    double logInterval = Double.NaN;
    /** Network steps since the key started or was reset: warm-up lasts one model window. */
    long steps;
    /** Per target, the lowest and highest value seen since the key started (range-breach rule); null when off. */
    double[] rangeLow;
    double[] rangeHigh;
    /** The seasonal channel's ring and statistics; null when the channel is off. */
    SeasonalState season;
    long exceedances;
    int eventsSinceAlert = Integer.MAX_VALUE;
    /** Events in a row whose targets all equalled the previous event's (stuck-value rule; 0 when off). */
    int repeats;

    /**
     * A deep copy: what Flink's heap backend takes of a key's state the first time it is touched
     * after a checkpoint began (copy-on-write). Array clones, not an encode/decode round trip,
     * which was an eighth of the job's CPU at 100,000 keys.
     */
    public KeyState copy() {
        KeyState s = new KeyState();
        s.model = model;
        s.network = network == null ? null : network.copy();
        s.window = window == null ? null : window.copy();
        s.expected = expected == null ? null : expected.clone();
        s.likelihood = likelihood == null ? null : likelihood.copy();
        s.lastTs = lastTs;
        s.logInterval = logInterval;
        s.steps = steps;
        s.rangeLow = rangeLow == null ? null : rangeLow.clone();
        s.rangeHigh = rangeHigh == null ? null : rangeHigh.clone();
        s.season = season == null ? null : season.copy();
        s.exceedances = exceedances;
        s.eventsSinceAlert = eventsSinceAlert;
        s.repeats = repeats;
        return s;
    }

    public String model() {
        return model;
    }

    /** Event time of the last scored event, {@link Long#MIN_VALUE} for a new key. */
    public long lastTs() {
        return lastTs;
    }

    public long steps() {
        return steps;
    }

    public NetworkState network() {
        return network;
    }

    /** The key's usual gap between events in ms (geometric mean), NaN while unknown; for tests of the gap rule. */
    double usualInterval() {
        return Math.exp(logInterval);
    }
}
