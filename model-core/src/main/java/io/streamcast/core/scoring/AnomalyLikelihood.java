package io.streamcast.core.scoring;

/**
 * Turns a key's forecast residuals into an anomaly score and an anomaly likelihood, in O(1)
 * time and memory per event:
 *
 * <ol>
 *   <li>{@code z_i = r_i / σ_i}: residual of target i (model units) over the key's running error
 *       scale, an exponentially weighted RMS of past residuals (window {@code historyWindow},
 *       started from the trainer's calibration, each residual clipped at {@link #CLIP}σ so an
 *       incident does not inflate the scale).
 *   <li>error {@code e = max_i |z_i|}; reported score {@code erf(e/√2)} in [0, 1): the normal
 *       probability mass inside ±e.
 *   <li>{@code m}: the mean of the last {@code averagingWindow} values of {@code e^(2/3)} (e
 *       capped at {@link #MAX_Z}). For normal residuals {@code e² ~ χ²₁}, and the cube root of a
 *       χ² variable is close to normal (Wilson–Hilferty), so the Gaussian tail of step 4 is
 *       nearly honest. Measured on 400,000 N(0,1) residuals at L >= 0.9999 (nominal rate 1e-4):
 *       2.0e-4 with this transform (1.1e-4 since step 4 has two time scales: history 500, seed 1,
 *       after 2,000 warm-up events), 8.0e-4 when averaging |z| itself.
 *   <li>likelihood {@code L = Φ((m − μ)/σ_m)}, where μ and σ_m are the exponentially weighted
 *       mean and standard deviation of past {@code m} (window {@code historyWindow}): the
 *       probability that the recent error level is above what this key normally shows. Its
 *       updates are clipped at μ + {@link #CLIP}σ_m, so that an incident does not dull the key's
 *       next one; unless {@code adaptToExcursions}: then the statistics take in the key's large
 *       excursions in full and learn how heavy its tail is, so a key whose large excursions recur
 *       alerts on them less often (NAB: standard score 68.4 → 70.1, 106 → 87 false detections,
 *       the same 47 of 55 windows found; the demo fleet's replay: 40 → 37 of 41 incidents).
 *       It is taken at two time scales, {@code historyWindow} and {@link #LONG_HISTORY_FACTOR}
 *       times it, and the lower counts: an error level is unusual only if it is unusual against
 *       the key's long run too, so bursts that recur less often than the short history remembers
 *       stop alerting (NAB standard score 67.6 → 68.7, docs/BENCHMARKS.md).
 *       σ_m is judged pooled with the spread calibrated residuals would give
 *       ({@link #CALIBRATED_VARIANCE}, worth {@link #PRIOR_WINDOWS} windows of events), so that a
 *       new key's first averages are not judged against a spread estimated from a handful of them.
 * </ol>
 *
 * Averaging the errors themselves, not a score saturating at 1, keeps the magnitude of an
 * incident: one 40σ residual lifts {@code m} far into the tail, while the rolling Gaussian of
 * step 4 (as in Numenta's anomaly likelihood; exponential weighting replaces its window of past
 * scores so a key's state stays small) adapts to each key's normal error level.
 */
public final class AnomalyLikelihood {
    /** Residuals (and averages, unless adapting to excursions) beyond this many σ update the statistics as if they were this large. */
    static final double CLIP = 4.0;
    /** The long time scale of step 4, in multiples of {@code historyWindow}. */
    static final int LONG_HISTORY_FACTOR = 10;
    /**
     * Cap of one event's |z| in the average, so that one absurd value does not dominate it: a
     * one-event spike lifts the average by at most {@code 30^(2/3)/W}, about a third of what ten
     * events at 4σ do, so the spikes a key makes now and then widen its averages' spread less
     * and a change that lasts stands out against them. NAB, standard score over six forecaster
     * seeds (mean): cap 25 / 30 / 40 / 50 73.9 / 74.0 / 73.7 / 73.4; 15 / 20 with one seed 73.2 /
     * 74.2. Normal residuals never reach it.
     */
    static final double MAX_Z = 30.0;
    /** Pseudo-observations given to the calibrated scale before the key's own residuals. */
    static final int PRIOR_WEIGHT = 20;
    /**
     * Variance of {@code |z|^(2/3)} for z ~ N(0,1): E|z|^(4/3) − (E|z|^(2/3))² = 0.8309 − 0.8024².
     * Over a window of W independent errors the average's variance is this over W: what the
     * spread σ_m should be for a key whose residuals match the model's calibration.
     */
    static final double CALIBRATED_VARIANCE = 0.187;
    /**
     * Weight of that calibrated spread in σ_m, in windows of events: the judged spread is
     * {@code (w·σ²_cal + n·σ²_key)/(w + n)} with {@code w = PRIOR_WINDOWS · averagingWindow}.
     * A key's own spread after a dozen overlapping (so correlated) averages is close to the floor,
     * and its first minutes alerted on error levels 1.3 times its usual one: three of the demo
     * fleet's four false alerts, and at a job's start every key is new.
     */
    static final int PRIOR_WINDOWS = 2;
    /** Floor of σ_m (z units): below it, fluctuations of the average are noise, not signal. */
    static final double MIN_SPREAD = 0.05;
    /** Floor of the error scale, so that a key whose residuals were all exactly 0 gets z = 0, not NaN. */
    static final double MIN_SCALE = 1e-300;

    private final int averagingWindow;
    private final int historyWindow;
    private final boolean adaptToExcursions;

    /** @param adaptToExcursions whether the average's statistics take in large excursions unclipped (step 4) */
    public AnomalyLikelihood(int averagingWindow, int historyWindow, boolean adaptToExcursions) {
        if (averagingWindow < 1 || historyWindow < averagingWindow) {
            throw new IllegalArgumentException("need 1 <= averagingWindow <= historyWindow");
        }
        this.averagingWindow = averagingWindow;
        this.historyWindow = historyWindow;
        this.adaptToExcursions = adaptToExcursions;
    }

    public int averagingWindow() {
        return averagingWindow;
    }

    /** A fresh per-key state whose error scale starts at the calibrated residual σ per target. */
    public LikelihoodState newState(double[] residualStd) {
        double[] var = new double[residualStd.length];
        for (int i = 0; i < var.length; i++) {
            var[i] = residualStd[i] * residualStd[i];
        }
        return new LikelihoodState(var, averagingWindow);
    }

    /**
     * Scores one event's residuals (model units, one per target); writes {@code z} per target,
     * updates the state, returns the likelihood. {@code score[0]} receives the reported score.
     */
    public double update(LikelihoodState s, double[] residual, double[] z, double[] score) {
        double error = 0;
        double alphaScale = 1.0 / Math.min(s.updates + PRIOR_WEIGHT, historyWindow);
        for (int i = 0; i < residual.length; i++) {
            double sigma = Math.max(Math.sqrt(s.errorVar[i]), MIN_SCALE);
            z[i] = residual[i] / sigma;
            error = Math.max(error, Math.abs(z[i]));
            double clipped = Math.max(-CLIP * sigma, Math.min(CLIP * sigma, residual[i]));
            s.errorVar[i] += alphaScale * (clipped * clipped - s.errorVar[i]);
        }
        score[0] = 1.0 - Gaussian.erfc(error / Math.sqrt(2.0));
        double m = s.pushError(Math.cbrt(Math.pow(Math.min(error, MAX_Z), 2)));

        double likelihood = 0.5; // until the average has a history to be judged against
        long n = s.updates - averagingWindow + 1;
        if (n >= 1) {
            double spread = Math.max(Math.sqrt(s.avgVar), MIN_SPREAD);
            double longSpread = Math.max(Math.sqrt(s.longVar), MIN_SPREAD);
            if (n > averagingWindow) {
                likelihood = Math.min(Gaussian.cdf((m - s.avgMean) / judged(s.avgVar, spread, n)),
                        Gaussian.cdf((m - s.longMean) / judged(s.longVar, longSpread, n)));
            }
            double d = deviation(m, s.avgMean, spread, n);
            double alpha = 1.0 / Math.min(n, historyWindow);
            s.avgMean += alpha * d;
            s.avgVar = (1 - alpha) * (s.avgVar + alpha * d * d);
            double longD = deviation(m, s.longMean, longSpread, n);
            double longAlpha = 1.0 / Math.min(n, (long) historyWindow * LONG_HISTORY_FACTOR);
            s.longMean += longAlpha * longD;
            s.longVar = (1 - longAlpha) * (s.longVar + longAlpha * longD * longD);
        }
        s.updates++;
        return likelihood;
    }

    /** The update of a mean by {@code m}: clipped at {@link #CLIP} spreads above it (except the first), unless adapting to excursions. */
    private double deviation(double m, double mean, double spread, long n) {
        return n == 1 || adaptToExcursions ? m - mean : Math.min(m, mean + CLIP * spread) - mean;
    }

    /** The spread a likelihood is judged with: the key's own, pooled with the calibrated one while it has few updates. */
    private double judged(double keyVar, double floored, long n) {
        // w·σ²_cal with w = PRIOR_WINDOWS·W and σ²_cal = CALIBRATED_VARIANCE / W
        return Math.max(floored, Math.sqrt((PRIOR_WINDOWS * CALIBRATED_VARIANCE + n * keyVar)
                / ((double) PRIOR_WINDOWS * averagingWindow + n)));
    }
}
