package io.streamcast.trainer.data;

/** Input data that cannot be used, with a message naming the file and the problem. */
public final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
