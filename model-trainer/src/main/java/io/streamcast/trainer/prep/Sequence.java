package io.streamcast.trainer.prep;

/**
 * One contiguous run of model steps: inputs {@code x[t]}, labels {@code y[t]} (model units) and
 * whether step t is scored ({@code mask[t]}: false for warm-up steps and where the horizon runs
 * past the data). {@code row[t]} is the step's row in its source series.
 */
public record Sequence(float[][] x, float[][] y, boolean[] mask, int[] row) {
    public int length() {
        return x.length;
    }

    public int scored() {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        return n;
    }

    /** Whether the last step is the only one scored (a window of the windowed protocol). */
    public boolean scoredAtLastStepOnly() {
        return mask[mask.length - 1] && scored() == 1;
    }

    /** Steps {@code [from, to)}. */
    public Sequence slice(int from, int to) {
        return new Sequence(java.util.Arrays.copyOfRange(x, from, to), java.util.Arrays.copyOfRange(y, from, to),
                java.util.Arrays.copyOfRange(mask, from, to), java.util.Arrays.copyOfRange(row, from, to));
    }
}
