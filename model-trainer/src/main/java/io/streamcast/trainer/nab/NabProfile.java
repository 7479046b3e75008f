package io.streamcast.trainer.nab;

/** NAB's application profiles: weights of a true positive, a false negative and a false positive. */
public enum NabProfile {
    STANDARD(1.0, 1.0, 0.11),
    REWARD_LOW_FP(1.0, 1.0, 0.22),
    REWARD_LOW_FN(1.0, 2.0, 0.11);

    final double tp;
    final double fn;
    final double fp;

    NabProfile(double tp, double fn, double fp) {
        this.tp = tp;
        this.fn = fn;
        this.fp = fp;
    }
}
