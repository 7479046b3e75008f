package io.streamcast.trainer.data;

/** One key's observations in time order: {@code values[t][f]} at time {@code ts[t]} (epoch ms, or cycle number). */
public record KeySeries(String key, long[] ts, double[][] values) {
    public int length() {
        return ts.length;
    }

    /** Rows {@code [from, to)} as a series of their own. */
    public KeySeries slice(int from, int to) {
        return new KeySeries(key, java.util.Arrays.copyOfRange(ts, from, to), java.util.Arrays.copyOfRange(values, from, to));
    }
}
