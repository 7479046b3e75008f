package io.streamcast.core.event;

/** Why an input event (or a model update) was refused; the dead-letter record carries it. */
public enum RejectReason {
    OVERSIZE,
    INVALID_JSON,
    NOT_AN_OBJECT,
    MISSING_KEY,
    INVALID_KEY,
    MISSING_TS,
    INVALID_TS,
    MISSING_VALUES,
    WRONG_TYPE,
    NON_FINITE,
    UNKNOWN_FEATURE,
    MISSING_FEATURE,
    NO_MODEL,
    LATE,
    DUPLICATE,
    MODEL_UPDATE_REJECTED
}
