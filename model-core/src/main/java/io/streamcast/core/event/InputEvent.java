package io.streamcast.core.event;

import java.util.Arrays;

/**
 * One observation of one key: event time in epoch milliseconds and named feature values
 * ({@code names[i]} has {@code values[i]}), all finite. A payload's single {@code value} field is
 * kept under the name {@link #SINGLE_VALUE} and stands for the model's only input feature.
 */
public record InputEvent(String key, long ts, String[] names, double[] values) {
    public static final String SINGLE_VALUE = "value";

    /** The value of a feature, or NaN if the event does not carry it. */
    public double get(String feature) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(feature)) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputEvent e && e.key.equals(key) && e.ts == ts && Arrays.equals(e.names, names)
                && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(ts);
    }

    @Override
    public String toString() {
        return "InputEvent[key=" + key + ", ts=" + ts + ", names=" + Arrays.toString(names) + ", values="
                + Arrays.toString(values) + "]";
    }
}
