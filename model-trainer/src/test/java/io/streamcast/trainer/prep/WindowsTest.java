package io.streamcast.trainer.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
    @Test
    void oneWindowPerScoredStepWithEnoughHistoryScoredAtItsLastStepOnly() {
        int n = 10;
        float[][] x = new float[n][1];
        float[][] y = new float[n][1];
        boolean[] mask = new boolean[n];
        int[] row = new int[n];
        for (int t = 0; t < n; t++) {
            x[t][0] = t;
            y[t][0] = 100 + t;
            mask[t] = t >= 2 && t != 6 && t < 9; // warm-up, a gap in the labels, a horizon past the end
            row[t] = t + 1;
        }
        List<Sequence> w = Windows.of(List.of(new Sequence(x, y, mask, row)), 4, false);

        assertThat(w).extracting(s -> s.row()[3]).containsExactly(4, 5, 6, 8, 9); // steps 3, 4, 5, 7, 8
        for (Sequence s : w) {
            assertThat(s.length()).isEqualTo(4);
            assertThat(s.mask()).containsExactly(false, false, false, true);
            assertThat(s.x()[0][0]).isEqualTo(s.x()[3][0] - 3);
            assertThat(s.y()[3][0]).isEqualTo(100 + s.x()[3][0]);
        }
    }

    @Test
    void relativeWindowsCarryTheShapeNotTheLevel() {
        float[][] x = {{5, 1}, {7, 1}, {6, 3}};
        Sequence s = new Sequence(x, new float[3][1], new boolean[] {true, true, true}, new int[] {0, 1, 2});
        List<Sequence> w = Windows.of(List.of(s), 3, true);
        assertThat(w).hasSize(1);
        assertThat(w.get(0).x()).isDeepEqualTo(new float[][] {{-1, -2}, {1, -2}, {0, 0}});
        assertThat(x[0]).as("the source rows are not changed").containsExactly(5, 1);
    }
}
