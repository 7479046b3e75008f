package io.streamcast.core.scoring;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.event.Alert;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import io.streamcast.core.nn.NetworkStepper;
import io.streamcast.core.norm.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The one scoring path: the Flink operator, {@code streamcast evaluate} and the trainer's export
 * check all score events through this class, so offline and online results are the same.
 *
 * <p>Per event, in O(1): reject duplicates and out-of-order events (the caller orders events
 * by event time first), map the values to the model's features, adopt or rebuild a state left
 * by another model, reset the key after a gap, compare the actual value with the forecast made
 * at the previous event, step the network once, update the anomaly likelihood, decide on an
 * alert, and remember the new one-step forecast.
 *
 * <p>Seasonal channel (when {@code seasonEvents} is set): the residual of each target against its
 * value one season earlier gets its own {@link AnomalyLikelihood}, and the key's likelihood is the
 * higher of the forecast's and the season's. A stateful forecaster with a short window cannot
 * learn a daily cycle of hundreds of events, so a missing or displaced daily peak surprises it no
 * more than the regular peaks do; compared with the same point of the previous season it stands
 * out. Its ring of one season of target values starts empty and is cleared by a gap reset. The
 * other way round, an event close to its value one season ago does not count as a surprise of
 * the forecast either ({@link #SEASON_EXPLAINS_Z}): the regular spike is the season's business.
 * With {@code seasonDrift}, a value far from its value one season ago is compared with the
 * closest of its values that many events earlier or later in the previous season instead
 * ({@link #SEASON_DRIFT_GATE}): a narrow peak that comes a few events off its time is no surprise.
 *
 * <p>Gap policy: when the time since the key's previous event exceeds {@code gapFactor} times
 * its usual interval, the recurrent state, window and pending forecast are dropped and the key
 * warms up again from this event (its learnt error statistics are kept): stepping a state
 * across a hole would feed the network a sequence it was never trained on.
 *
 * <p>Not thread-safe (scratch buffers): one instance per thread or Flink subtask.
 */
public final class StreamScorer {
    private static final double[] DEFAULT_RESIDUAL_STD = {1.0};
    private static final double INTERVAL_ALPHA = 0.05;
    /** Likelihood reported for a range breach or stuck values: above any practical alert threshold. */
    static final double RULE_LIKELIHOOD = 0.999999;
    /**
     * A value within this many of its seasonal scales of the same point one season ago is what the
     * season predicts: the forecast channel's surprise at it (a daily spike a short-window
     * forecaster cannot time) does not count. On NAB: standard score 63.3 -> 67.6 (67.6 at 2σ, 65.0 at 5σ).
     */
    static final double SEASON_EXPLAINS_Z = 3.0;
    /**
     * A seasonal residual beyond this many of its scales is looked at again with the season's drift
     * ({@code seasonDrift}). Only such outliers: the residual against the closest of 2d + 1 values
     * is smaller than against one for every event, and the channel's scale would shrink with it and
     * its tail grow (NAB: 68–69 instead of 71 when every residual of every season took the closest
     * of ±3). At 3 or 5 scales: NAB 73.7 / 73.5.
     */
    public static final double SEASON_DRIFT_GATE = 3.0;
    /**
     * A new extreme must clear the range by this many of the key's error scales too: the extremes
     * of a noisy but steady series keep creeping outwards (the largest of n normal values grows
     * like √(2 ln n) σ), and a value just past them is the noise's record, not a change. On NAB:
     * standard score 73.7 → 74.0 (73.9 / 74.0 / 74.0 at 0.5 / 1 / 2 scales; higher for each of
     * six forecaster seeds), the range rule's false detections on noise 5 → 0.
     */
    static final double RANGE_NOISE_SCALES = 1.0;
    /** Floor of the seasonal channel's starting scale (model units), for a ring of equal values. */
    private static final double MIN_SEASON_SCALE = 1e-6;

    private final ModelBundle bundle;
    private final Manifest manifest;
    private final String label;
    private final Normalizer normalizer;
    private final NetworkStepper stepper;
    private final ScoringConfig config;
    private final Function<String, Manifest> knownModels;
    private final AnomalyLikelihood likelihood;
    private final AlertSuppressor suppressor;
    private final double threshold;
    private final int warmup;
    private final int targets;
    private final List<String> outputNames;
    private final int positiveClass;
    private final double[] residualStd;
    private final int historyWindow;
    private final int season;
    private final int seasonDrift;
    /** Whether the range-breach rule is on ({@code rangeMargin} > 0). */
    private final boolean rangeRule;
    /** The rule's margin, a fraction of the key's range (0 when off). */
    private final double rangeMargin;

    private final double[] raw;
    private final double[] previousRaw;
    private final float[] input;
    private final float[] output;
    private final double[] residual;
    private final double[] z;
    private final double[] rawScore = new double[1];
    private final double[] seasonScore = new double[1];
    /** Set by {@link #seasonal}: this event is within {@link #SEASON_EXPLAINS_Z} of one season ago. */
    private boolean seasonExplains;
    private final double[] seasonResidual;
    private final double[] seasonZ;
    private final double[] targetValues;
    /** An observation leaving the key's window for its range. */
    private final double[] leaving;

    /**
     * @param knownModels manifests of models whose key states may still be around (by label), to
     *     decide whether a state can be carried on; unknown labels are rebuilt from their window
     */
    public StreamScorer(ModelBundle bundle, ScoringConfig config, Function<String, Manifest> knownModels) {
        this.bundle = bundle;
        this.manifest = bundle.manifest();
        this.label = bundle.label();
        this.normalizer = new Normalizer(manifest);
        this.stepper = bundle.network().newStepper();
        this.config = config;
        this.knownModels = knownModels;
        Manifest.AnomalyCalibration cal = manifest.calibration();
        this.historyWindow = config.historyWindow() != null ? config.historyWindow() : cal != null ? cal.historyWindow() : 1000;
        this.likelihood = new AnomalyLikelihood(
                config.averagingWindow() != null ? config.averagingWindow() : cal != null ? cal.averagingWindow() : 10,
                historyWindow, config.adaptToExcursions());
        this.threshold = config.alertThreshold() != null ? config.alertThreshold()
                : cal != null ? cal.threshold() : 0.9999;
        this.suppressor = new AlertSuppressor(config.minExceedances(), config.exceedanceWindow(), config.quietEvents());
        this.warmup = config.warmupEvents() != null ? config.warmupEvents() : manifest.windowLength();
        this.targets = manifest.task() == Task.FORECAST ? manifest.output().targets().size() : 0;
        this.outputNames = manifest.task() == Task.CLASSIFY ? manifest.output().classLabels() : manifest.output().targets();
        this.positiveClass = manifest.task() == Task.CLASSIFY
                ? Math.max(0, manifest.output().classLabels().indexOf(manifest.output().positiveClass())) : -1;
        this.residualStd = cal != null && cal.residualStd() != null
                ? cal.residualStd().stream().mapToDouble(Double::doubleValue).toArray() : DEFAULT_RESIDUAL_STD;
        this.raw = new double[normalizer.featureCount()];
        this.previousRaw = new double[normalizer.featureCount()];
        this.input = new float[normalizer.featureCount()];
        this.output = new float[bundle.network().outputSize()];
        this.residual = new double[Math.max(targets, 1)];
        this.z = new double[Math.max(targets, 1)];
        this.season = config.seasonEvents() != null && targets > 0 ? config.seasonEvents() : 0;
        this.seasonDrift = season > 0 ? config.seasonDrift() : 0;
        this.rangeRule = config.rangeMargin() != null && config.rangeMargin() > 0 && targets > 0;
        this.rangeMargin = rangeRule ? config.rangeMargin() : 0;
        this.seasonResidual = new double[Math.max(targets, 1)];
        this.seasonZ = new double[Math.max(targets, 1)];
        this.targetValues = new double[Math.max(targets, 1)];
        this.leaving = new double[normalizer.featureCount()];
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public double threshold() {
        return threshold;
    }

    public Outcome score(KeyState s, InputEvent e) {
        if (s.lastTs != Long.MIN_VALUE && e.ts() <= s.lastTs) {
            return Outcome.rejected(e.ts() == s.lastTs
                    ? new Rejection(RejectReason.DUPLICATE, "key " + e.key() + " already has an event at ts " + e.ts())
                    : new Rejection(RejectReason.LATE, "event at ts " + e.ts() + " arrived after key " + e.key()
                            + " was scored up to " + s.lastTs));
        }
        Rejection bad = normalizer.extract(e, raw);
        if (bad != null) {
            return Outcome.rejected(bad);
        }
        boolean rewarmed = adopt(s);
        boolean gapReset = advanceClock(s, e.ts());

        double[] previous = s.window.newest(previousRaw) ? previousRaw : null;
        boolean hasResidual = targets > 0 && s.expected != null;
        if (hasResidual) {
            for (int i = 0; i < targets; i++) {
                residual[i] = raw[normalizer.outputFeature(i)] - s.expected[i];
            }
        }
        boolean stepped = !normalizer.usesDifferences() || previous != null;
        if (stepped) {
            normalizer.input(raw, previous, input);
            stepper.step(input, s.network, output);
            s.steps++;
        }
        if (s.window.size() == s.window.capacity()) {
            intoRange(s, s.window, 0, 1); // the oldest observation leaves the window
        }
        s.window.push(raw);
        boolean warmingUp = s.steps < warmup;

        double score = 0;
        double like = 0;
        double seasonLike = seasonal(s);
        boolean judged = hasResidual && !warmingUp;
        if (judged) {
            if (s.likelihood == null || s.likelihood.targets() != targets) {
                s.likelihood = likelihood.newState(residualStd.length == targets ? residualStd : filled(targets));
            }
            for (int i = 0; i < targets; i++) {
                residual[i] /= normalizer.outputScale(i);
            }
            like = likelihood.update(s.likelihood, residual, z, rawScore);
            score = rawScore[0];
            for (int i = 0; i < targets; i++) {
                residual[i] *= normalizer.outputScale(i);
            }
            like = Math.max(seasonExplains ? 0 : like, seasonLike);
        }
        // A range is only meaningful once the key has been judged for a history window of events
        // (counted across gap resets: a gap does not make the range shown before it less telling).
        // The rule's flag comes first: without the rule, the JIT never profiles the arming test,
        // whose outcome flips for every key at its history window (a deoptimisation of this method
        // when a fleet's keys, started together, cross it together).
        boolean breach = rangeRule && judged && s.likelihood.updates >= historyWindow && rangeBreach(s);
        if (breach) {
            like = Math.max(like, RULE_LIKELIHOOD);
        }
        boolean stuck = stuck(s, previous) && judged;
        // A stuck run is one incident: every event of it is marked, the alert is offered once, when
        // the run reaches the limit (later events offer what the other channels say).
        double offered = like;
        if (stuck) {
            like = Math.max(like, RULE_LIKELIHOOD);
            offered = s.repeats == config.stuckEvents() ? like : offered;
        }
        double[] expectedBefore = hasResidual ? s.expected : null;
        s.expected = stepped && targets > 0 ? forecastOneStep() : null;

        Forecast forecast = forecastRecord(e, stepped, expectedBefore, score, like, warmingUp);
        Alert alert = null;
        if (!warmingUp && stepped) {
            alert = decideAlert(s, e, judged, score, like, offered, expectedBefore, breach, stuck, seasonLike);
        }
        return new Outcome(forecast, alert, null, gapReset, rewarmed);
    }

    /** Makes the state belong to this model: fresh for a new key, kept if compatible, else rebuilt. */
    private boolean adopt(KeyState s) {
        if (label.equals(s.model)) {
            return false;
        }
        if (s.model == null) {
            s.model = label;
            s.network = bundle.network().newState();
            s.window = new RawWindow(manifest.windowLength(), normalizer.featureCount());
            return false;
        }
        Manifest previous = knownModels.apply(s.model);
        s.model = label;
        if (ModelCompatibility.stateCompatible(previous, manifest) && s.network != null && s.network.fits(bundle.network())
                && s.window != null) {
            if (s.window.capacity() != manifest.windowLength()) {
                s.window = s.window.resized(manifest.windowLength());
            }
            return false;
        }
        rewarm(s);
        return true;
    }

    /** Rebuilds the recurrent state by replaying the key's window through this model's network. */
    private void rewarm(KeyState s) {
        RawWindow old = s.window;
        boolean keep = old != null && old.features() == normalizer.featureCount();
        if (keep) {
            intoRange(s, old, 0, Math.max(0, old.size() - manifest.windowLength())); // what the resize drops
        }
        s.window = keep ? old.resized(manifest.windowLength()) : new RawWindow(manifest.windowLength(), normalizer.featureCount());
        s.network = bundle.network().newState();
        s.steps = 0;
        s.expected = null;
        s.likelihood = null;
        if (s.season != null) {
            s.season.likelihood = null; // its scale is in this model's units
        }
        s.exceedances = 0;
        double[] previous = null;
        double[] x = new double[normalizer.featureCount()];
        double[] spare = new double[normalizer.featureCount()];
        boolean stepped = false;
        for (int i = 0; i < s.window.size(); i++) {
            s.window.get(i, x);
            if (!normalizer.usesDifferences() || previous != null) {
                normalizer.input(x, previous, input);
                stepper.step(input, s.network, output);
                s.steps++;
                stepped = true;
            }
            double[] done = x; // x becomes the previous row; its old buffer is reused for the next
            x = previous != null ? previous : spare;
            previous = done;
        }
        if (stepped && targets > 0) {
            s.window.newest(raw);
            s.expected = forecastOneStep();
        }
    }

    /**
     * The seasonal channel: compares the targets with their values one season ago (once the ring
     * holds a season), then adds them to the ring; returns that residual's likelihood, 0 when the
     * channel is off or the ring is not full yet.
     */
    private double seasonal(KeyState s) {
        seasonExplains = false;
        if (season == 0) {
            return 0;
        }
        if (s.season == null || s.season.capacity() != season + seasonDrift || s.season.targets() != targets) {
            s.season = new SeasonalState(season + seasonDrift, targets);
        }
        SeasonalState ss = s.season;
        for (int i = 0; i < targets; i++) {
            targetValues[i] = raw[normalizer.outputFeature(i)];
        }
        double like = 0;
        if (ss.full()) {
            if (ss.likelihood == null) {
                double[] spread = new double[targets];
                for (int i = 0; i < targets; i++) {
                    spread[i] = Math.max(ss.spread(i) / normalizer.outputScale(i), MIN_SEASON_SCALE);
                }
                ss.likelihood = likelihood.newState(spread);
            }
            for (int i = 0; i < targets; i++) {
                double v = targetValues[i];
                seasonResidual[i] = (v - ss.ago(i, season)) / normalizer.outputScale(i);
                if (seasonDrift > 0 && Math.abs(seasonResidual[i]) > SEASON_DRIFT_GATE * ss.likelihood.errorScale(i)) {
                    seasonResidual[i] = (v - ss.closest(i, v, season, seasonDrift)) / normalizer.outputScale(i);
                }
            }
            like = likelihood.update(ss.likelihood, seasonResidual, seasonZ, seasonScore);
            seasonExplains = true;
            for (int i = 0; i < targets; i++) {
                seasonExplains &= Math.abs(seasonZ[i]) < SEASON_EXPLAINS_Z;
            }
        }
        ss.push(targetValues);
        return like;
    }

    private String seasonalExplanation() {
        int top = 0;
        for (int i = 1; i < targets; i++) {
            if (Math.abs(seasonZ[i]) > Math.abs(seasonZ[top])) {
                top = i;
            }
        }
        double now = raw[normalizer.outputFeature(top)];
        String when = seasonDrift > 0 ? season + " ± " + seasonDrift : String.valueOf(season);
        return String.format("; %s one season (%s events) earlier was %.6g (seasonal z = %.2f)", outputNames.get(top),
                when, now - seasonResidual[top] * normalizer.outputScale(top), seasonZ[top]);
    }

    /** Updates the key's clock; true when a gap reset the key. */
    private boolean advanceClock(KeyState s, long ts) {
        boolean reset = false;
        if (s.lastTs != Long.MIN_VALUE) {
            double logGap = Math.log(ts - s.lastTs);
            if (config.gapFactor() > 0 && !Double.isNaN(s.logInterval)
                    && logGap > s.logInterval + Math.log(config.gapFactor())) {
                s.network.reset();
                intoRange(s, s.window, 0, s.window.size());
                s.window.clear();
                s.expected = null;
                s.steps = 0;
                s.exceedances = 0;
                if (s.season != null) {
                    s.season.clear(); // a season ago in events is no longer a season ago in time
                }
                reset = true;
            }
            s.logInterval = Double.isNaN(s.logInterval) ? logGap : s.logInterval + INTERVAL_ALPHA * (logGap - s.logInterval);
        }
        s.lastTs = ts;
        return reset;
    }

    private double[] forecastOneStep() {
        double[] next = new double[targets];
        for (int i = 0; i < targets; i++) {
            next[i] = normalizer.output(i, output[i], raw);
        }
        return next;
    }

    private Forecast forecastRecord(InputEvent e, boolean stepped, double[] expected, double score, double like,
            boolean warmingUp) {
        Map<String, double[]> values = null;
        if (stepped) {
            int per = outputNames.size();
            int horizon = manifest.task() == Task.FORECAST ? manifest.output().horizon() : 1;
            double[][] byOutput = new double[per][horizon];
            for (int i = 0; i < per; i++) {
                for (int h = 0; h < horizon; h++) {
                    int k = h * per + i;
                    byOutput[i][h] = manifest.task() == Task.CLASSIFY ? output[k] : normalizer.output(k, output[k], raw);
                }
            }
            values = byName(outputNames, per, i -> byOutput[i]);
        }
        Map<String, Double> exp = null;
        Map<String, Double> act = null;
        Map<String, Double> res = null;
        if (expected != null) {
            exp = byName(outputNames, targets, i -> expected[i]);
            act = byName(outputNames, targets, i -> raw[normalizer.outputFeature(i)]);
            res = byName(outputNames, targets, i -> residual[i]);
        }
        return new Forecast(e.key(), e.ts(), manifest.modelId(), manifest.modelVersion(), values, exp, act, res,
                score, like, warmingUp);
    }

    /** The first {@code n} names with their values, in order; one entry (the usual case) without hashing. */
    private static <V> Map<String, V> byName(List<String> names, int n, IntFunction<V> value) {
        if (n == 1) {
            return Map.of(names.get(0), value.apply(0));
        }
        Map<String, V> m = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            m.put(names.get(i), value.apply(i));
        }
        return m;
    }

    /**
     * The stuck-value rule ({@code scoring.stuckEvents}): true while the targets have repeated the
     * previous event's values exactly for that many events in a row. A forecaster fed differences
     * sees a frozen sensor as a calm one, so its error does not show it.
     */
    private boolean stuck(KeyState s, double[] previous) {
        Integer limit = config.stuckEvents();
        if (limit == null || previous == null || targets == 0) {
            return false;
        }
        boolean same = true;
        for (int i = 0; i < targets; i++) {
            int f = normalizer.outputFeature(i);
            same &= raw[f] == previous[f];
        }
        s.repeats = same ? s.repeats + 1 : 0;
        return s.repeats >= limit;
    }

    /**
     * The range-breach rule: true when a target lies beyond the range of the key's values that
     * have left its window by more than {@code rangeMargin} of that range, and by more than
     * {@link #RANGE_NOISE_SCALES} of the key's error scale. The window's own values stay out of
     * it, so an excursion that walks to a new extreme in small steps breaches too, instead of
     * widening the range as it goes (NAB's ambient_temperature_system_failure: a dip 3.5 below the
     * lowest value in 25 small steps). The caller only asks once the key has been judged for a
     * history window of events.
     */
    private boolean rangeBreach(KeyState s) {
        if (s.rangeLow == null || s.rangeLow.length != targets) {
            return false;
        }
        boolean breach = false;
        for (int i = 0; i < targets; i++) {
            double v = raw[normalizer.outputFeature(i)];
            double range = s.rangeHigh[i] - s.rangeLow[i];
            double beyond = Math.max(rangeMargin * range,
                    RANGE_NOISE_SCALES * s.likelihood.errorScale(i) * normalizer.outputScale(i));
            breach |= range > 0 && (v > s.rangeHigh[i] + beyond || v < s.rangeLow[i] - beyond);
        }
        return breach;
    }

    /** Widens the key's range (when the rule is on) by the targets of window observations {@code from .. to - 1}. */
    private void intoRange(KeyState s, RawWindow w, int from, int to) {
        if (!rangeRule) {
            return;
        }
        for (int k = from; k < to; k++) {
            w.get(k, leaving);
            if (s.rangeLow == null || s.rangeLow.length != targets) {
                s.rangeLow = new double[targets];
                s.rangeHigh = new double[targets];
                Arrays.fill(s.rangeLow, Double.POSITIVE_INFINITY);
                Arrays.fill(s.rangeHigh, Double.NEGATIVE_INFINITY);
            }
            for (int i = 0; i < targets; i++) {
                double v = leaving[normalizer.outputFeature(i)];
                s.rangeLow[i] = Math.min(s.rangeLow[i], v);
                s.rangeHigh[i] = Math.max(s.rangeHigh[i], v);
            }
        }
    }

    private Alert decideAlert(KeyState s, InputEvent e, boolean judged, double score, double like, double offered,
            double[] expected, boolean breach, boolean stuck, double seasonLike) {
        switch (manifest.task()) {
            case FORECAST -> {
                if (!judged || !suppressor.offer(s, offered >= threshold)) {
                    return null;
                }
                return anomaly(e, score, like, expected, breach, stuck ? s.repeats : 0, seasonLike >= threshold, s.likelihood);
            }
            case CLASSIFY -> {
                double p = output[positiveClass];
                if (!suppressor.offer(s, p >= config.failureProbability())) {
                    return null;
                }
                String cls = outputNames.get(positiveClass);
                return failureRisk(e, p, p >= (1 + config.failureProbability()) / 2,
                        String.format("P(%s) = %.3f reached %.3f", cls, p, config.failureProbability()));
            }
            case REGRESS -> {
                double value = normalizer.output(0, output[0], raw);
                if (!suppressor.offer(s, value <= config.rulThreshold())) {
                    return null;
                }
                return failureRisk(e, value, value <= config.rulThreshold() / 2,
                        String.format("%s = %.1f fell to %.1f", outputNames.get(0), value, config.rulThreshold()));
            }
            default -> throw new IllegalStateException();
        }
    }

    private Alert anomaly(InputEvent e, double score, double like, double[] expected, boolean breach, int repeats,
            boolean seasonal, LikelihoodState errors) {
        Map<String, Double> zs = new LinkedHashMap<>();
        Map<String, Double> exp = new LinkedHashMap<>();
        Map<String, Double> act = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            String t = outputNames.get(i);
            zs.put(t, z[i]);
            exp.put(t, expected[i]);
            act.put(t, raw[normalizer.outputFeature(i)]);
            order.add(t);
        }
        order.sort(Comparator.comparingDouble((String t) -> -Math.abs(zs.get(t))));
        String top = order.get(0);
        double recent = errors.recentLevel();
        double usual = errors.usualLevel();
        String message = String.format("%s = %.6g, expected %.6g (residual %.4g, z = %.2f); anomaly likelihood %.6f; "
                        + "error level |z| %.2f over the last %d events (usually %.2f)%s",
                top, act.get(top), exp.get(top), act.get(top) - exp.get(top), zs.get(top), like,
                recent, likelihood.averagingWindow(), usual, breach ? "; beyond the range this key has shown so far" : "")
                + (repeats > 0 ? "; the same value for " + (repeats + 1) + " events in a row (stuck?)" : "")
                + (seasonal ? seasonalExplanation() : "");
        Alert.Severity severity = like >= 1 - (1 - threshold) / 10 ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
        return new Alert(e.key(), e.ts(), Alert.Kind.ANOMALY, severity, score, like, exp, act,
                new Alert.Explanation(zs, order, message, recent, usual), manifest.modelId(), manifest.modelVersion());
    }

    private Alert failureRisk(InputEvent e, double value, boolean critical, String message) {
        return new Alert(e.key(), e.ts(), Alert.Kind.FAILURE_RISK, critical ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
                value, value, null, null, new Alert.Explanation(null, List.of(outputNames.get(Math.max(positiveClass, 0))), message, null, null),
                manifest.modelId(), manifest.modelVersion());
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }
}
