package io.streamcast.core.bundle;

/** What a model's head predicts. */
public enum Task {
    /** Next value(s) of target features, {@code horizon} steps ahead (identity head). */
    FORECAST,
    /** Probabilities over class labels, e.g. "fails within N steps" (softmax head). */
    CLASSIFY,
    /** A scalar quantity that is not an input feature, e.g. remaining useful life (identity head). */
    REGRESS
}
