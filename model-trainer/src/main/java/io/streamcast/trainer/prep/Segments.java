package io.streamcast.trainer.prep;

import io.streamcast.trainer.data.KeySeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gaps in time, handled as the job handles them: a gap longer than {@code gapFactor} times the
 * series' median interval ends a segment, and the recurrent state starts afresh in the next one
 * (the job resets a key after such a gap). Nothing is interpolated.
 */
public final class Segments {
    private Segments() {
    }

    public static List<KeySeries> split(KeySeries s, double gapFactor) {
        if (s.length() < 3 || gapFactor <= 0) {
            return List.of(s);
        }
        long[] gaps = new long[s.length() - 1];
        for (int i = 1; i < s.length(); i++) {
            gaps[i - 1] = s.ts()[i] - s.ts()[i - 1];
        }
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        double limit = gapFactor * Math.max(1, sorted[sorted.length / 2]);
        List<KeySeries> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < s.length(); i++) {
            if (gaps[i - 1] > limit) {
                out.add(s.slice(start, i));
                start = i;
            }
        }
        out.add(s.slice(start, s.length()));
        return out;
    }
}
