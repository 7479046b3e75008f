package io.streamcast.trainer.eval;

/**
 * Forecast error accumulated over (prediction, actual) pairs: MSE, MAE and RMSE, MAPE (over
 * non-zero actuals), MASE (MAE over the training set's one-step naive MAE), and MSE/MAE on the
 * normalised scale ({@code error / σ_train} of the target, the convention of the ETT benchmarks).
 */
public final class ErrorMetrics {
    private final double scale;
    private final double naiveMae;
    private long n;
    private long nPct;
    private double se;
    private double ae;
    private double ape;

    /**
     * @param scale the target's training standard deviation
     * @param naiveMae mean absolute one-step change of the target on the training split
     */
    public ErrorMetrics(double scale, double naiveMae) {
        this.scale = scale;
        this.naiveMae = naiveMae;
    }

    public void add(double predicted, double actual) {
        if (Double.isNaN(predicted) || Double.isNaN(actual)) {
            return;
        }
        double e = predicted - actual;
        n++;
        se += e * e;
        ae += Math.abs(e);
        if (actual != 0) {
            nPct++;
            ape += Math.abs(e / actual);
        }
    }

    public long count() {
        return n;
    }

    public double mse() {
        return se / n;
    }

    public double mae() {
        return ae / n;
    }

    public double rmse() {
        return Math.sqrt(mse());
    }

    public double mape() {
        return nPct == 0 ? Double.NaN : 100 * ape / nPct;
    }

    public double mase() {
        return mae() / naiveMae;
    }

    public double normalizedMse() {
        return mse() / (scale * scale);
    }

    public double normalizedMae() {
        return mae() / scale;
    }
}
