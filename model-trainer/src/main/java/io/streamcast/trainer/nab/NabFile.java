package io.streamcast.trainer.nab;

/**
 * One scored data file: per row its anomaly score and, from the labels, the index of the window
 * it lies in ({@code -1} outside windows). {@code windows} holds [startRow, endRow] per window.
 */
public record NabFile(String name, double[] scores, int[][] windows) {
    /** NAB's probationary period: the first {@code min(floor(0.15 N), 750)} rows are not scored. */
    public int probation() {
        return Math.min((int) Math.floor(0.15 * scores.length), 750);
    }
}
