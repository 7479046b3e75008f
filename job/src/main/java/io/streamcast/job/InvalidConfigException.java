package io.streamcast.job;

/** A configuration that must not start a job; the message lists every problem found. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
