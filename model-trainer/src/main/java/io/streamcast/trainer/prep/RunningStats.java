package io.streamcast.trainer.prep;

/** Welford's mean and variance; a constant series gets std 1 so that scaling stays defined. */
final class RunningStats {
    private long n;
    private double mean;
    private double m2;

    static RunningStats[] array(int n) {
        RunningStats[] a = new RunningStats[n];
        for (int i = 0; i < n; i++) {
            a[i] = new RunningStats();
        }
        return a;
    }

    void add(double v) {
        n++;
        double d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
    }

    double mean() {
        return mean;
    }

    double std() {
        double s = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
        return s > 1e-12 ? s : 1.0;
    }
}
