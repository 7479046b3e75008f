package io.streamcast.trainer.prep;

import java.util.ArrayList;
import java.util.List;

/**
 * The windowed protocol's training examples: for every scored step of a sequence with at least
 * {@code w - 1} steps before it, the {@code w} steps ending there, run from a zero state and scored
 * at the last step only (benchmarks such as ETTh1's are defined on a 96-step input window).
 * With {@code relativeToLast} every input row becomes its difference from the window's last row
 * (for level inputs: each value relative to the latest one, so the window carries its shape and
 * not its level).
 */
public final class Windows {
    private Windows() {
    }

    public static List<Sequence> of(List<Sequence> sequences, int w, boolean relativeToLast) {
        List<Sequence> out = new ArrayList<>();
        for (Sequence s : sequences) {
            for (int end = w - 1; end < s.length(); end++) {
                if (!s.mask()[end]) {
                    continue;
                }
                Sequence window = s.slice(end - w + 1, end + 1);
                boolean[] lastOnly = new boolean[w];
                lastOnly[w - 1] = true;
                float[][] x = relativeToLast ? relative(window.x()) : window.x();
                out.add(new Sequence(x, window.y(), lastOnly, window.row()));
            }
        }
        return out;
    }

    private static float[][] relative(float[][] x) {
        float[] last = x[x.length - 1];
        float[][] out = new float[x.length][last.length];
        for (int t = 0; t < x.length; t++) {
            for (int f = 0; f < last.length; f++) {
                out[t][f] = x[t][f] - last[f];
            }
        }
        return out;
    }
}
