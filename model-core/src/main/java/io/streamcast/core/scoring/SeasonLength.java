package io.streamcast.core.scoring;

import java.util.OptionalInt;

/**
 * Finds the season of a series (in events) from its autocorrelation: the lag with the highest
 * autocorrelation after the autocorrelation first falls to zero, if it reaches
 * {@code minCorrelation}. Skipping that initial decay matters: a smooth series correlates best
 * with itself a few events later, which is persistence, not a season, and a random walk, whose
 * autocorrelation stays positive, has none.
 */
public final class SeasonLength {
    private SeasonLength() {
    }

    /** The season of {@code x}, looking at lags up to half its length; empty when there is none. */
    public static OptionalInt detect(double[] x, double minCorrelation) {
        int maxLag = x.length / 2;
        if (maxLag < 3) {
            return OptionalInt.empty();
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i] - mean;
        }
        double[] acf = new double[maxLag + 1];
        for (int lag = 1; lag <= maxLag; lag++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = lag; i < c.length; i++) {
                ab += c[i] * c[i - lag];
                aa += c[i] * c[i];
                bb += c[i - lag] * c[i - lag];
            }
            acf[lag] = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
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
}
