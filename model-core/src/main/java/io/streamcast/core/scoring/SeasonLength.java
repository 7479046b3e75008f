package io.streamcast.core.scoring;

import java.util.OptionalInt;

/**
 * Finds the season of a series (in events) from its autocorrelation: the lag with the highest
 * autocorrelation after the autocorrelation first falls to zero, if it reaches
 * {@code minCorrelation}. Skipping that initial decay matters: a smooth series correlates best
 * with itself a few events later, which is persistence, not a season, and a random walk, whose
 * autocorrelation stays positive, has none.
 *
 * <p>A series of narrow peaks (a one-event spike a day) correlates with itself only at lags where
 * its peaks align exactly, and their timing drifts; so when no season is found the search is
 * repeated on the running maximum over ±{@link #JITTER} events, which widens each peak. NAB's
 * {@code ec2_cpu_utilization_c6585a} has two spikes in its 604-row prefix, 304 rows apart, just
 * beyond the longest lag searched (half the prefix): best correlation 0.07, then 0.70 at 302; its
 * false detections 12 → 3, no other file's season changes.
 */
public final class SeasonLength {
    /** Events a peak may drift from one season to the next and still make one. */
    static final int JITTER = 3;
    /**
     * How much better a season's running maximum over ±{@link #JITTER} events correlates than its
     * values do, for its peaks to count as narrow and drifting ({@link #drift}). For smooth
     * seasons the two differ by under 0.01 (NAB's art_daily files); for daily one-event spikes by
     * 0.1 and more (ec2_cpu_utilization_24ae8d: 0.88 and 0.99). NAB scores the same from 0.02 to 0.1.
     */
    static final double NARROW_PEAK_GAIN = 0.05;
    /** The drift allowed to narrow peaks, as a fraction of the season (NAB: 0.05 / 0.1 / 0.2 give 73.2 / 73.7 / 73.6). */
    static final double DRIFT_FRACTION = 0.1;

    private SeasonLength() {
    }

    /** The season of {@code x}, looking at lags up to half its length; empty when there is none. */
    public static OptionalInt detect(double[] x, double minCorrelation) {
        OptionalInt exact = bestLag(x, minCorrelation);
        return exact.isPresent() ? exact : bestLag(runningMax(x, JITTER), minCorrelation);
    }

    /**
     * The drift to allow a season of {@code x} ({@code ScoringConfig.seasonDrift}): a tenth of the
     * season when its peaks are narrow enough that a few events of drift break their alignment
     * (the running maximum correlates better by {@link #NARROW_PEAK_GAIN}), else 0.
     */
    public static int drift(double[] x, int season) {
        if (season < 1 || season >= x.length) {
            return 0;
        }
        double gain = correlation(centred(runningMax(x, JITTER)), season) - correlation(centred(x), season);
        return gain >= NARROW_PEAK_GAIN ? (int) Math.round(season * DRIFT_FRACTION) : 0;
    }

    /** {@code out[t] = max(x[t − k .. t + k])}, within the series. */
    private static double[] runningMax(double[] x, int k) {
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = Math.max(0, t - k); j <= Math.min(x.length - 1, t + k); j++) {
                m = Math.max(m, x[j]);
            }
            out[t] = m;
        }
        return out;
    }

    private static OptionalInt bestLag(double[] x, double minCorrelation) {
        int maxLag = x.length / 2;
        if (maxLag < 3) {
            return OptionalInt.empty();
        }
        double[] c = centred(x);
        double[] acf = new double[maxLag + 1];
        for (int lag = 1; lag <= maxLag; lag++) {
            acf[lag] = correlation(c, lag);
        }
        int lag = 1;
        while (lag <= maxLag && acf[lag] > 0) {
            lag++;
        }
        int best = -1;
        for (; lag <= maxLag; lag++) {
            if (best < 0 || acf[lag] > acf[best]) {
                best = lag;
            }
        }
        return best > 0 && acf[best] >= minCorrelation ? OptionalInt.of(best) : OptionalInt.empty();
    }

    private static double[] centred(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i] - mean;
        }
        return c;
    }

    /** Correlation of a centred series with itself {@code lag} events later. */
    private static double correlation(double[] c, int lag) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = lag; i < c.length; i++) {
            ab += c[i] * c[i - lag];
            aa += c[i] * c[i];
            bb += c[i - lag] * c[i - lag];
        }
        return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    }
}
