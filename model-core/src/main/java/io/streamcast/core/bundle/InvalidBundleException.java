package io.streamcast.core.bundle;

/** A model bundle that must not be used; the message names the file and the problem. */
public final class InvalidBundleException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
