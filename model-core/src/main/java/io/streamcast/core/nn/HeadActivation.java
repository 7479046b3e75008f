package io.streamcast.core.nn;

/** Activation of the dense output head. */
public enum HeadActivation {
    /** Regression and forecasting (DL4J {@code Activation.IDENTITY}). */
    IDENTITY,
    /** Classification over mutually exclusive classes (DL4J {@code Activation.SOFTMAX}). */
    SOFTMAX
}
